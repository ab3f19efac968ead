package dev.metacircular.apps.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metacircular.apps.crypto.CryptoTestEnvironment.Reply;
import dev.metacircular.crypto.x509.CertificateKeyType;
import dev.metacircular.crypto.x509.CertificateProfile;
import dev.metacircular.crypto.x509.CertificateSigner;
import dev.metacircular.crypto.x509.Pem;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.interfaces.ECPrivateKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CA private keys only in the barrier: a root imported over the REST API, an issuer generated in
 * the service and a leaf key from {@code issue} never appear in the SQLite files (database, WAL) in
 * any form — DER, PEM text or the bare private scalar — and the mount list shows no key.
 */
class CaKeysInTheFileTest {

  @TempDir Path dir;

  @Test
  void noPrivateKeyOfTheCaOrOfAnIssuedCertificateIsInTheDatabaseFile() throws Exception {
    KeyPair rootPair = CertificateKeyType.EC_P256.generate();
    Instant now = Instant.now();
    String rootPem =
        Pem.certificate(
            CertificateSigner.selfSigned(
                CertificateProfile.authority(
                    "Imported Root", BigInteger.valueOf(4242), now, now.plusSeconds(86400), null),
                rootPair));
    String rootKeyPem =
        new String(Pem.privateKeyPem(rootPair.getPrivate()), StandardCharsets.US_ASCII);
    String leafKeyPem;
    try (CryptoTestEnvironment env = new CryptoTestEnvironment(dir)) {
      env.initAndUnseal();
      String root = env.login("root");
      Reply mounted =
          env.post(
              "/v1/engine/mounts",
              root,
              Map.of(
                  "name",
                  "pki",
                  "type",
                  "ca",
                  "config",
                  Map.of("root_certificate", rootPem, "root_private_key", rootKeyPem)));
      assertThat(mounted.status()).as(mounted.body()).isEqualTo(201);
      assertThat(mounted.body()).doesNotContain("PRIVATE KEY");
      assertThat(env.get("/v1/engine/mounts", root).body()).doesNotContain("PRIVATE KEY");
      assertThat(
              env.request(root, "pki", "create-issuer", Map.of("name", "infra", "common_name", "I"))
                  .status())
          .isEqualTo(200);
      assertThat(
              env.request(
                      root,
                      "pki",
                      "create-role",
                      Map.of(
                          "name",
                          "web",
                          "issuer",
                          "infra",
                          "allowed_domains",
                          List.of("x.test"),
                          "allow_subdomains",
                          true))
                  .status())
          .isEqualTo(200);
      Reply issued =
          env.request(root, "pki", "issue", Map.of("role", "web", "common_name", "a.x.test"));
      assertThat(issued.status()).as(issued.body()).isEqualTo(200);
      leafKeyPem = issued.json().get("data").get("private_key").asText();
      assertThat(env.get("/v1/pki/pki/ca", null).body()).isEqualTo(rootPem);
    }

    byte[] files = allBytes();
    for (String pem : List.of(rootKeyPem, leafKeyPem)) {
      var key = Pem.privateKey(pem.toCharArray());
      String base64Body = pem.lines().filter(l -> !l.startsWith("-----")).findFirst().orElseThrow();
      assertThat(contains(files, key.getEncoded())).as("PKCS#8 DER").isFalse();
      assertThat(contains(files, base64Body.getBytes(StandardCharsets.US_ASCII)))
          .as("PEM text")
          .isFalse();
      byte[] scalar = ((ECPrivateKey) key).getS().toByteArray();
      byte[] window = java.util.Arrays.copyOfRange(scalar, scalar.length - 16, scalar.length);
      assertThat(contains(files, window))
          .as("scalar " + HexFormat.of().formatHex(window))
          .isFalse();
    }
  }

  private byte[] allBytes() throws Exception {
    List<byte[]> parts = new ArrayList<>();
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.filter(Files::isRegularFile).toList()) {
        parts.add(Files.readAllBytes(p));
      }
    }
    int size = parts.stream().mapToInt(b -> b.length + 1).sum();
    byte[] out = new byte[size];
    int at = 0;
    for (byte[] part : parts) {
      System.arraycopy(part, 0, out, at, part.length);
      at += part.length + 1;
    }
    return out;
  }

  private static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
