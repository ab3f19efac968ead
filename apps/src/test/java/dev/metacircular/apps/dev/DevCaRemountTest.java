package dev.metacircular.apps.dev;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metacircular.crypto.Argon2Parameters;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dev CA unmounted by its user comes back with a new root at the next start, and the servers'
 * certificates on disk (from the old root) are issued again: a client trusting only the new {@code
 * ca.pem} connects to all four listeners.
 */
class DevCaRemountTest {
  @TempDir Path tmp;

  @Test
  void aCaUnmountedBetweenStartsGivesNewCertificatesUnderTheNewRoot() throws Exception {
    Path data = tmp.resolve("data");
    String oldRoot;
    try (DevPlatform first = start(data)) {
      oldRoot = Files.readString(data.resolve("ca.pem"));
      first.cryptoCore().mounts().unmount(DevPlatform.CALLER, DevCa.MOUNT);
    }
    try (DevPlatform second = start(data)) {
      Path caFile = data.resolve("ca.pem");
      assertThat(Files.readString(caFile)).isNotEqualTo(oldRoot);
      for (int port : new int[] {second.port(), second.cryptoPort()}) {
        X509Certificate served = DevCertificateRenewalTest.served(caFile, port, false);
        assertThat(served.getIssuerX500Principal().getName()).contains("infra");
      }
      for (int port : new int[] {second.grpcPort(), second.cryptoGrpcPort()}) {
        assertThat(DevCertificateRenewalTest.served(caFile, port, true)).isNotNull();
      }
    }
  }

  private static DevPlatform start(Path data) {
    return DevPlatform.start(
        new DevPlatform.Options(
            data,
            0,
            0,
            s -> s.withPasswordHashing(Argon2Parameters.OWASP_MINIMUM),
            Clock.systemUTC()),
        new PrintWriter(new StringWriter(), true));
  }
}
