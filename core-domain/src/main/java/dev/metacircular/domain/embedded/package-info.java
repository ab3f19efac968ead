/**
 * Both cores in one process for Java programs and their tests: {@link
 * dev.metacircular.domain.embedded.EmbeddedPlatform}. See docs/embedding.md. Also the in-process
 * implementations of the {@code ports.client} contracts ({@link
 * dev.metacircular.domain.embedded.InProcessIdentityClient}, {@link
 * dev.metacircular.domain.embedded.InProcessCryptoClient}), which call a core as one caller.
 */
package dev.metacircular.domain.embedded;
