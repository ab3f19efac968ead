package dev.metacircular.architecture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DESIGN.md §2 for the whole dependency tree, not only imports: the resolved runtime class path of
 * {@code ports}, {@code core-crypto} and {@code core-domain} holds no framework or library beyond
 * the ones the design allows them. A library that only arrives transitively (as Yubico's WebAuthn
 * library brought Jackson and Guava into core-domain) fails here even though no class imports it.
 */
class RuntimeClasspathTest {

  /**
   * What core-crypto may bring: Bouncy Castle, Tink and jose4j (DESIGN.md §2), and what those three
   * need at run time themselves. Each of the latter is named with the library that brings it.
   */
  static final Map<String, String> CORE_CRYPTO =
      Map.ofEntries(
          Map.entry("org.bouncycastle:bcprov-jdk18on", "Bouncy Castle"),
          Map.entry("org.bouncycastle:bcpkix-jdk18on", "Bouncy Castle (X.509, PKCS)"),
          Map.entry("org.bouncycastle:bcutil-jdk18on", "Bouncy Castle, needed by bcpkix"),
          Map.entry("org.bitbucket.b_c:jose4j", "jose4j (JWTs)"),
          Map.entry("com.google.crypto.tink:tink", "Tink (transit keysets)"),
          Map.entry("com.google.protobuf:protobuf-java", "Tink's keyset format"),
          Map.entry("com.google.code.gson:gson", "Tink's JSON keyset format"),
          Map.entry("com.google.code.findbugs:jsr305", "Tink's annotations"),
          Map.entry("com.google.errorprone:error_prone_annotations", "Tink's annotations"),
          // jose4j logs through the SLF4J facade; with no provider it is silent. The core itself
          // never imports SLF4J (LayeringTest.the_core_knows_no_framework): it logs through
          // System.Logger.
          Map.entry("org.slf4j:slf4j-api", "jose4j's logging facade"));

  /** What core-domain may bring: ports, core-crypto and what core-crypto brings. Nothing else. */
  static final Map<String, String> CORE_DOMAIN = with(CORE_CRYPTO, "ports", "core-crypto");

  static Map<String, String> with(Map<String, String> base, String... modules) {
    Map<String, String> all = new HashMap<>(base);
    for (String m : modules) {
      all.put("dev.metacircular:" + m, "module " + m);
    }
    return Map.copyOf(all);
  }

  static Path root() {
    // Surefire runs with this module's directory as basedir; the modules are its siblings.
    return Path.of(System.getProperty("basedir", ".")).toAbsolutePath().getParent();
  }

  @Test
  void portsNeedTheJdkOnly() {
    assertThat(RuntimeDependencies.of(root(), "ports").artifacts())
        .as("ports' runtime class path (DESIGN.md §2: JDK only)")
        .isEmpty();
  }

  @Test
  void coreCryptoBringsOnlyBouncyCastleTinkAndJose4j() {
    assertThat(RuntimeDependencies.of(root(), "core-crypto").beyond(CORE_CRYPTO))
        .as("core-crypto's runtime class path beyond Bouncy Castle, Tink, jose4j and their needs")
        .isEmpty();
  }

  @Test
  void coreDomainBringsOnlyPortsAndCoreCrypto() {
    RuntimeDependencies domain = RuntimeDependencies.of(root(), "core-domain");
    assertThat(domain.beyond(CORE_DOMAIN))
        .as("core-domain's runtime class path beyond ports and core-crypto (DESIGN.md §2)")
        .isEmpty();
    assertThat(domain.artifacts())
        .contains("dev.metacircular:ports", "dev.metacircular:core-crypto");
  }

  // --- the check itself ---------------------------------------------------------------------

  /** core-domain's list as the build wrote it when it still depended on webauthn-server-core. */
  static final String WITH_WEBAUTHN =
      """

      The following files have been resolved:
         com.fasterxml.jackson.core:jackson-core:jar:2.22.4:compile -- module com.fasterxml.jackson.core
         com.fasterxml.jackson.dataformat:jackson-dataformat-cbor:jar:2.22.4:runtime -- module x
         com.google.guava:guava:jar:33.6.0-jre:runtime -- module com.google.common
         com.yubico:webauthn-server-core:jar:2.7.0:compile -- module webauthn.server.core [auto]
         com.yubico:yubico-util:jar:2.7.0:runtime -- module yubico.util [auto]
         dev.metacircular:core-crypto:jar:0.1.0-SNAPSHOT:compile
         dev.metacircular:ports:jar:0.1.0-SNAPSHOT:compile
         org.bouncycastle:bcprov-jdk18on:jar:1.87:compile -- module org.bouncycastle.provider
         dev.metacircular:ports:test-jar:tests:0.1.0-SNAPSHOT:test
      """;

  @Test
  void aTransitiveLibraryNoClassImportsStillFailsTheCheck() {
    RuntimeDependencies domain = RuntimeDependencies.parse("core-domain", WITH_WEBAUTHN);
    assertThat(domain.beyond(CORE_DOMAIN))
        .containsExactly(
            "com.fasterxml.jackson.core:jackson-core",
            "com.fasterxml.jackson.dataformat:jackson-dataformat-cbor",
            "com.google.guava:guava",
            "com.yubico:webauthn-server-core",
            "com.yubico:yubico-util");
  }

  @Test
  void testScopeAndClassifiedArtifactsAreReadAsTheBuildListsThem() {
    RuntimeDependencies domain = RuntimeDependencies.parse("core-domain", WITH_WEBAUTHN);
    assertThat(domain.artifacts())
        .contains("dev.metacircular:ports", "org.bouncycastle:bcprov-jdk18on")
        .hasSize(8);
    assertThat(
            RuntimeDependencies.parse(
                    "ports", "\nThe following files have been resolved:\n   none\n")
                .artifacts())
        .isEmpty();
  }

  @Test
  void aMissingOrStaleListIsRefusedRatherThanTrusted(@TempDir Path root) throws IOException {
    Path module = Files.createDirectories(root.resolve("core-domain/target")).getParent();
    Files.writeString(module.resolve("pom.xml"), "<project/>");
    assertThatThrownBy(() -> RuntimeDependencies.of(root, "core-domain"))
        .hasMessageContaining("missing or older than its pom.xml");

    Path list = module.resolve(RuntimeDependencies.FILE);
    Files.writeString(list, WITH_WEBAUTHN);
    Files.setLastModifiedTime(list, FileTime.from(Instant.parse("2020-01-01T00:00:00Z")));
    assertThatThrownBy(() -> RuntimeDependencies.of(root, "core-domain"))
        .hasMessageContaining("missing or older than its pom.xml");

    Files.setLastModifiedTime(list, FileTime.from(Instant.now().plusSeconds(60)));
    assertThat(RuntimeDependencies.of(root, "core-domain").artifacts())
        .contains("com.yubico:webauthn-server-core");
  }
}
