/**
 * Benchmarks of the hot paths, each printed beside a baseline measured in the same run (DESIGN.md
 * §7): JMH benchmarks of the cores ({@link dev.metacircular.benchmarks.JmhMain}), TLS load clients
 * for the identity and crypto REST servers ({@link dev.metacircular.benchmarks.LoadMain}, {@link
 * dev.metacircular.benchmarks.CryptoLoadMain}) and unseal beside the {@code argon2} tool ({@link
 * dev.metacircular.benchmarks.UnsealMain}). Nothing here runs during the build's tests.
 */
package dev.metacircular.benchmarks;
