package dev.metacircular.ports.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trust of every client: the JDK's without a file, and a file that cannot pin anything fails
 * before the first call, naming the file. (A real pinned CA is exercised by the REST and gRPC
 * client tests against servers with their own certificates.)
 */
class PinnedTrustTest {

  @TempDir Path dir;

  @Test
  void withoutAFileTheJdksTrustStoreDecides() {
    assertThat(PinnedTrust.managers(null)).isNull();
    assertThat(PinnedTrust.sslContext(null).getProtocol()).isEqualTo("TLS");
  }

  @Test
  void onlyTls12And13AreOfferedAndTheHostNameIsVerified() {
    assertThat(PinnedTrust.parameters().getProtocols()).containsExactly("TLSv1.3", "TLSv1.2");
    assertThat(PinnedTrust.parameters().getEndpointIdentificationAlgorithm()).isEqualTo("HTTPS");
  }

  @Test
  void aFileThatPinsNothingFailsNamingIt() throws Exception {
    Path missing = dir.resolve("missing.pem");
    Path garbage = Files.writeString(dir.resolve("garbage.pem"), "not a certificate\n");
    Path empty = Files.writeString(dir.resolve("empty.pem"), "");

    assertThatThrownBy(() -> PinnedTrust.managers(missing))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("CA certificate file " + missing + " does not exist");
    assertThatThrownBy(() -> PinnedTrust.sslContext(garbage))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(garbage.toString());
    assertThatThrownBy(() -> PinnedTrust.managers(empty))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(empty.toString());
  }
}
