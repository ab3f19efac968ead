/**
 * Benchmarks of the hot paths, each printed beside a baseline measured in the same run (DESIGN.md
 * §7): JMH benchmarks of the core ({@link dev.metacircular.benchmarks.JmhMain}) and a TLS load
 * client for the identity REST server ({@link dev.metacircular.benchmarks.LoadMain}). Nothing
 * here runs during the build's tests.
 */
package dev.metacircular.benchmarks;
