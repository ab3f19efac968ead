/**
 * Both cores in one process for Java programs and their tests: {@link
 * dev.metacircular.domain.embedded.EmbeddedPlatform}. See docs/embedding.md.
 */
package dev.metacircular.domain.embedded;
