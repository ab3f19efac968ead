package dev.metacircular.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class Ed25519Test {

  // RFC 8032 section 7.1, TEST 1
  private static final HexFormat HEX = HexFormat.of();
  private static final byte[] SEED =
      HEX.parseHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
  private static final byte[] PUBLIC =
      HEX.parseHex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
  private static final byte[] SIGNATURE =
      HEX.parseHex(
          "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");

  /** The TEST 1 key as written by {@code openssl pkey} (a published test vector, not a secret). */
  private static final String OPENSSL_PRIVATE_PEM =
      """
            -----BEGIN PRIVATE KEY-----
            MC4CAQAwBQYDK2VwBCIEIJ1hsZ3v/VpguoRK9JLsLMREScVpezJpGXA7rAMcrn9g
            -----END PRIVATE KEY-----
            """;

  private static final String OPENSSL_PUBLIC_PEM =
      """
            -----BEGIN PUBLIC KEY-----
            MCowBQYDK2VwAyEA11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=
            -----END PUBLIC KEY-----
            """;

  @Test
  void rfc8032TestVector1() {
    try (Ed25519SigningKey key = Ed25519SigningKey.fromSeed(SecretBytes.copyOf(SEED))) {
      assertThat(key.publicKey().raw()).isEqualTo(PUBLIC);
      assertThat(key.sign(new byte[0])).isEqualTo(SIGNATURE);
    }
    Ed25519PublicKey publicKey = Ed25519PublicKey.fromRaw(PUBLIC);
    assertThat(publicKey.verify(new byte[0], SIGNATURE)).isTrue();
    assertThat(publicKey.verify(new byte[] {0}, SIGNATURE)).isFalse();
  }

  @Test
  void privatePemIsExactlyWhatOpensslWrites() {
    try (Ed25519SigningKey key = Ed25519SigningKey.fromSeed(SecretBytes.copyOf(SEED))) {
      assertThat(new String(key.toPkcs8Pem())).isEqualTo(OPENSSL_PRIVATE_PEM);
      assertThat(key.publicKey().toPem()).isEqualToIgnoringNewLines(OPENSSL_PUBLIC_PEM);
    }
  }

  @Test
  void readsOpensslPems() {
    try (Ed25519SigningKey key = Ed25519SigningKey.fromPkcs8Pem(OPENSSL_PRIVATE_PEM.toCharArray());
        SecretBytes seed = key.seed()) {
      assertThat(seed.copy()).isEqualTo(SEED);
    }
    assertThat(Ed25519PublicKey.fromPem(OPENSSL_PUBLIC_PEM).raw()).isEqualTo(PUBLIC);
  }

  @Test
  void pemRoundTrips() {
    try (Ed25519SigningKey key = Ed25519SigningKey.generate()) {
      char[] pem = key.toPkcs8Pem();
      try (Ed25519SigningKey back = Ed25519SigningKey.fromPkcs8Pem(pem)) {
        assertThat(back.publicKey()).isEqualTo(key.publicKey());
        byte[] message = "m".getBytes(StandardCharsets.UTF_8);
        assertThat(back.sign(message)).isEqualTo(key.sign(message));
      }
      Ed25519PublicKey pub = Ed25519PublicKey.fromPem(key.publicKey().toPem());
      assertThat(pub).isEqualTo(key.publicKey()).hasSameHashCodeAs(key.publicKey());
    }
  }

  @Test
  void readsPkcs8V2WithTheEmbeddedPublicKey() {
    // OneAsymmetricKey (RFC 8410 section 10.3 example structure) with the [1] public key
    byte[] v2 =
        HEX.parseHex(
            "3051020101300506032b657004220420"
                + HEX.formatHex(SEED)
                + "812100"
                + HEX.formatHex(PUBLIC));
    String pem =
        "-----BEGIN PRIVATE KEY-----\n"
            + Base64.getMimeEncoder().encodeToString(v2)
            + "\n-----END PRIVATE KEY-----\n";
    try (Ed25519SigningKey key = Ed25519SigningKey.fromPkcs8Pem(pem.toCharArray())) {
      assertThat(key.publicKey().raw()).isEqualTo(PUBLIC);
    }
  }

  @Test
  void badPemsAreRefusedWithoutDetail() {
    String[] bad = {
      "",
      "-----BEGIN PRIVATE KEY-----\n!!!!\n-----END PRIVATE KEY-----\n",
      "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIJ1hsZ3v\n-----END PRIVATE KEY-----\n",
      OPENSSL_PUBLIC_PEM,
    };
    for (String pem : bad) {
      assertThatThrownBy(() -> Ed25519SigningKey.fromPkcs8Pem(pem.toCharArray()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("invalid Ed25519 private key PEM");
    }
    assertThatThrownBy(() -> Ed25519PublicKey.fromPem(OPENSSL_PRIVATE_PEM))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Ed25519PublicKey.fromPem("nonsense"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Ed25519PublicKey.fromRaw(new byte[31]))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void verifyNeverThrowsOnBadLengths() {
    Ed25519PublicKey pub = Ed25519PublicKey.fromRaw(PUBLIC);
    assertThat(pub.verify(new byte[0], new byte[63])).isFalse();
    assertThat(pub.verify(new byte[0], new byte[65])).isFalse();
    assertThat(pub.verify(null, SIGNATURE)).isFalse();
    assertThat(pub.verify(new byte[0], null)).isFalse();
    assertThat(pub.verify(new byte[0], new byte[64])).isFalse();
  }

  @Test
  void refusesNonCanonicalSignatureScalars() {
    // S + L (group order) is a malleated form of the same signature; RFC 8032 requires S < L
    byte[] l = HEX.parseHex("edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010");
    byte[] malleated = SIGNATURE.clone();
    int carry = 0;
    for (int i = 0; i < 32; i++) {
      int sum = (malleated[32 + i] & 0xff) + (l[i] & 0xff) + carry;
      malleated[32 + i] = (byte) sum;
      carry = sum >> 8;
    }
    assertThat(Ed25519PublicKey.fromRaw(PUBLIC).verify(new byte[0], malleated)).isFalse();
  }

  @Test
  void keyIdIsTruncatedSha256OfTheRawKey() throws Exception {
    byte[] digest = MessageDigest.getInstance("SHA-256").digest(PUBLIC);
    String expected =
        Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 16));
    assertThat(Ed25519PublicKey.fromRaw(PUBLIC).keyId()).isEqualTo(expected).hasSize(22);
  }

  @Test
  void signaturesVerifyWithTheJdkProvider() throws Exception {
    try (Ed25519SigningKey key = Ed25519SigningKey.generate()) {
      byte[] message = "interop".getBytes(StandardCharsets.UTF_8);
      byte[] signature = key.sign(message);
      var jdkKey =
          KeyFactory.getInstance("Ed25519")
              .generatePublic(
                  new X509EncodedKeySpec(
                      Base64.getMimeDecoder()
                          .decode(
                              key.publicKey()
                                  .toPem()
                                  .replace("-----BEGIN PUBLIC KEY-----", "")
                                  .replace("-----END PUBLIC KEY-----", ""))));
      Signature verifier = Signature.getInstance("Ed25519");
      verifier.initVerify(jdkKey);
      verifier.update(message);
      assertThat(verifier.verify(signature)).isTrue();
    }
  }

  @Test
  void destroyWipesTheSeedButKeepsThePublicKey() {
    Ed25519SigningKey key = Ed25519SigningKey.fromSeed(SecretBytes.copyOf(SEED));
    key.close();
    assertThat(key.isDestroyed()).isTrue();
    assertThat(key.publicKey().raw()).isEqualTo(PUBLIC);
    assertThatThrownBy(() -> key.sign(new byte[0])).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(key::seed).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(key::toPkcs8Pem).isInstanceOf(IllegalStateException.class);
    assertThat(key.toString()).doesNotContain(HEX.formatHex(SEED));
  }
}
