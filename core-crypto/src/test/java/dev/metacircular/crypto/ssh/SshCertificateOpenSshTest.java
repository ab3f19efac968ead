package dev.metacircular.crypto.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.metacircular.crypto.SecureRandoms;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Our certificates and KRLs as OpenSSH's ssh-keygen reads them, for every CA key type. */
class SshCertificateOpenSshTest {
  @TempDir Path dir;

  private static final long NOW = 1_800_000_000L;

  private static SshCertificate cert(SshPublicKey key, long serial, String keyId) {
    return new SshCertificate(
        key,
        SecureRandoms.bytes(32),
        serial,
        SshCertificate.USER,
        keyId,
        List.of("alice", "deploy"),
        NOW,
        NOW + 3600,
        new TreeMap<>(Map.of("force-command", "/bin/true", "source-address", "127.0.0.1/32")),
        new TreeMap<>(Map.of("permit-pty", "")));
  }

  @Test
  void sshKeygenReadsCertificatesFromEveryCaKeyTypeForEveryUserKeyType() throws Exception {
    String[][] userKeys = {{"ed25519", null}, {"ecdsa", "384"}, {"rsa", "3072"}};
    for (SshKeyType caType : SshKeyType.values()) {
      SshSigningKey ca = SshSigningKey.generate(caType, SecureRandoms.instance());
      for (String[] uk : userKeys) {
        String name = caType.wireName() + "-" + uk[0];
        SshPublicKey key = SshPublicKey.parse(OpenSshTool.newKey(dir, name, uk[0], uk[1]));
        byte[] signed = cert(key, 0xfedcba9876543210L, "alice-42").signWith(ca);
        Path file = dir.resolve(name + "-cert.pub");
        Files.writeString(file, SshCertificate.line(signed, "alice") + "\n");
        OpenSshTool.Result r = OpenSshTool.run(dir, "ssh-keygen", "-L", "-f", file.toString());
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output())
            .contains("Type: " + key.certificateType() + " user certificate")
            .contains("Public key: ")
            .contains(key.fingerprint())
            .contains("Signing CA: ")
            .contains(ca.publicKey().fingerprint())
            .contains("Key ID: \"alice-42\"")
            .contains("Serial: " + Long.toUnsignedString(0xfedcba9876543210L))
            .contains("force-command /bin/true")
            .contains("source-address 127.0.0.1/32")
            .contains("permit-pty");
        SshCertificate.Parsed parsed = SshCertificate.parse(signed);
        assertThat(parsed.signatureValid()).isTrue();
        assertThat(parsed.caKey()).isEqualTo(ca.publicKey());
      }
    }
  }

  @Test
  void sshKeygenFindsRevokedSerialsRangesBitmapsAndKeyIdsInOurKrl() throws Exception {
    SshSigningKey ca = SshSigningKey.generate(SshKeyType.ED25519, SecureRandoms.instance());
    SshPublicKey key = SshPublicKey.parse(OpenSshTool.newKey(dir, "user", "ed25519", null));
    // a list entry, a run (range), a sparse cluster (bitmap), and a key id
    List<Long> serials = List.of(7L, 100L, 101L, 102L, 103L, 500L, 505L, 511L, 520L, 530L, -2L);
    byte[] unsigned = SshKrl.build(ca.publicKey(), serials, List.of("bob-1"), 3, NOW, "test");
    for (boolean signed : new boolean[] {false, true}) {
      Path krl = dir.resolve(signed ? "signed.krl" : "plain.krl");
      Files.write(krl, signed ? SshKrl.sign(unsigned, ca) : unsigned);
      for (long serial : new long[] {7, 101, 505, 530, -2, 8, 104, 506, 1}) {
        boolean revoked = serials.contains(serial);
        Path cert = dir.resolve("c" + Long.toUnsignedString(serial) + "-cert.pub");
        Files.writeString(
            cert, SshCertificate.line(cert(key, serial, "alice-1").signWith(ca), null));
        OpenSshTool.Result r =
            OpenSshTool.run(dir, "ssh-keygen", "-Q", "-f", krl.toString(), cert.toString());
        assertThat(r.output()).as("serial " + serial).contains(revoked ? "REVOKED" : "ok");
        assertThat(r.exit()).isEqualTo(revoked ? 1 : 0);
      }
      Path byId = dir.resolve("byid-cert.pub");
      Files.writeString(byId, SshCertificate.line(cert(key, 9999, "bob-1").signWith(ca), null));
      assertThat(
              OpenSshTool.run(dir, "ssh-keygen", "-Q", "-f", krl.toString(), byId.toString())
                  .output())
          .contains("REVOKED");
    }
    OpenSshTool.Result listing =
        OpenSshTool.run(dir, "ssh-keygen", "-Q", "-l", "-f", dir.resolve("plain.krl").toString());
    assertThat(listing.output())
        .contains("# KRL version 3")
        .contains("# Comment: test")
        .contains("serial: 100-103")
        .contains("id: bob-1");
  }

  @Test
  void importsOpenSshAndPemKeysMadeBySshKeygenAndSignsWithThem() throws Exception {
    for (String[] t : new String[][] {{"ed25519", null}, {"ecdsa", "256"}, {"ecdsa", "384"}}) {
      String name = "ca-" + t[0] + (t[1] == null ? "" : t[1]);
      String pub = OpenSshTool.newKey(dir, name, t[0], t[1]);
      String text = Files.readString(dir.resolve(name));
      SshSigningKey ca = SshSigningKey.importText(text.toCharArray());
      assertThat(ca.publicKey()).isEqualTo(SshPublicKey.parse(pub));
      assertThat(SshSigningKey.fromPkcs8(ca.pkcs8().copy()).publicKey()).isEqualTo(ca.publicKey());
    }
    String pub = OpenSshTool.newKey(dir, "ca-pem", "ecdsa", "256");
    OpenSshTool.run(
        dir, "ssh-keygen", "-p", "-N", "", "-m", "PEM", "-f", dir.resolve("ca-pem").toString());
    String pem = Files.readString(dir.resolve("ca-pem"));
    assertThat(pem).contains("BEGIN EC PRIVATE KEY");
    assertThat(SshSigningKey.importText(pem.toCharArray()).publicKey())
        .isEqualTo(SshPublicKey.parse(pub));

    OpenSshTool.run(
        dir,
        "ssh-keygen",
        "-q",
        "-N",
        "secret",
        "-t",
        "ed25519",
        "-f",
        dir.resolve("enc").toString());
    assertThatThrownBy(
            () -> SshSigningKey.importText(Files.readString(dir.resolve("enc")).toCharArray()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("encrypted");
    assertThatThrownBy(() -> SshSigningKey.importText("hello".toCharArray()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("private_key");
  }

  @Test
  void garbageKeysAreRefusedWithAReason() {
    assertThatThrownBy(() -> SshPublicKey.parse("ssh-ed25519 AAAA"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SshPublicKey.parse("not a key")).hasMessageContaining("base64");
    assertThatThrownBy(() -> SshPublicKey.parse("")).hasMessageContaining("empty");
    byte[] dss = new SshWriter().string("ssh-dss").string(new byte[8]).toByteArray();
    assertThatThrownBy(() -> SshPublicKey.fromBlob(dss))
        .hasMessageContaining("unsupported key type");
    assertThat(new String(dss, StandardCharsets.ISO_8859_1)).contains("ssh-dss");
  }

  @Test
  void aKrlOf100kRandomSerialsIsWithinTenPercentOfSshKeygensOwn() throws Exception {
    SshSigningKey ca = SshSigningKey.generate(SshKeyType.ED25519, SecureRandoms.instance());
    Files.writeString(dir.resolve("ca.pub"), ca.publicKey().line("ca") + "\n");
    java.util.Random random = new java.util.Random(42);
    java.util.List<Long> serials = new java.util.ArrayList<>();
    StringBuilder spec = new StringBuilder();
    // random 64-bit serials, as the engine makes them, plus a few runs
    while (serials.size() < 100_000) {
      long s = random.nextLong();
      if (s == 0) {
        continue;
      }
      serials.add(s);
      spec.append("serial: ").append(Long.toUnsignedString(s)).append('\n');
    }
    for (long s = 1000; s < 1100; s++) {
      serials.add(s);
      spec.append("serial: ").append(s).append('\n');
    }
    Files.writeString(dir.resolve("spec"), spec.toString());
    OpenSshTool.Result r =
        OpenSshTool.run(dir, "ssh-keygen", "-k", "-f", "theirs.krl", "-s", "ca.pub", "spec");
    assertThat(r.exit()).as(r.output()).isZero();
    long theirs = Files.size(dir.resolve("theirs.krl"));
    byte[] ours = SshKrl.build(ca.publicKey(), serials, List.of(), 1, NOW, "");
    assertThat((double) ours.length).isBetween(theirs * 0.9, theirs * 1.1);
    Files.write(dir.resolve("ours.krl"), ours);
    Path cert = dir.resolve("big-cert.pub");
    SshPublicKey key = SshPublicKey.parse(OpenSshTool.newKey(dir, "bigkey", "ed25519", null));
    Files.writeString(
        cert, SshCertificate.line(cert(key, serials.get(12345), "x").signWith(ca), null));
    assertThat(OpenSshTool.run(dir, "ssh-keygen", "-Q", "-f", "ours.krl", cert.toString()).output())
        .contains("REVOKED");
    System.out.println(
        "KRL of 100,100 serials: ours " + ours.length + " bytes, ssh-keygen -k " + theirs);
  }
}
