package dev.metacircular.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

class EdDsaJwtProperties {

  private static final Ed25519SigningKey KEY = Ed25519SigningKey.generate();
  private static final Map<String, Ed25519PublicKey> KEYS =
      Map.of(KEY.publicKey().keyId(), KEY.publicKey());
  private static final String TOKEN =
      EdDsaJwt.sign(Map.of("sub", "alice", "exp", 1_900_000_000L, "aud", List.of("mcias")), KEY);

  @Property(tries = 300)
  void neverThrowsOnArbitraryStrings(@ForAll String input) {
    assertThat(EdDsaJwt.verify(input, KEYS)).isInstanceOf(JwtVerification.Rejected.class);
  }

  @Property(tries = 300)
  void neverThrowsOnTokenShapedGarbage(@ForAll("tokenShaped") String input) {
    assertThat(EdDsaJwt.verify(input, KEYS)).isInstanceOf(JwtVerification.Rejected.class);
  }

  @Property(tries = 300)
  void neverVerifiesAMutatedToken(
      @ForAll @IntRange(min = 0, max = 10_000) int position,
      @ForAll("replacement") char replacement) {
    int index = position % TOKEN.length();
    if (TOKEN.charAt(index) == replacement) {
      return;
    }
    String mutated = TOKEN.substring(0, index) + replacement + TOKEN.substring(index + 1);
    assertThat(EdDsaJwt.verify(mutated, KEYS)).isInstanceOf(JwtVerification.Rejected.class);
  }

  @Property(tries = 200)
  void neverVerifiesATokenWithACharacterInsertedOrRemoved(
      @ForAll @IntRange(min = 0, max = 10_000) int position, @ForAll("replacement") char inserted) {
    int index = position % TOKEN.length();
    String withInsert = TOKEN.substring(0, index) + inserted + TOKEN.substring(index);
    String withRemoval = TOKEN.substring(0, index) + TOKEN.substring(index + 1);
    assertThat(EdDsaJwt.verify(withInsert, KEYS)).isInstanceOf(JwtVerification.Rejected.class);
    assertThat(EdDsaJwt.verify(withRemoval, KEYS)).isInstanceOf(JwtVerification.Rejected.class);
  }

  @Provide
  Arbitrary<Character> replacement() {
    return Arbitraries.oneOf(
        Arbitraries.chars()
            .with("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=+/ "),
        Arbitraries.chars());
  }

  @Provide
  Arbitrary<String> tokenShaped() {
    Arbitrary<String> part =
        Arbitraries.oneOf(
            Arbitraries.strings()
                .withChars("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
                .ofMaxLength(120),
            Arbitraries.strings().ofMaxLength(40).map(s -> EdDsaJwtTest.b64(s)),
            Arbitraries.of(
                    "{\"alg\":\"EdDSA\",\"typ\":\"JWT\",\"kid\":\""
                        + KEY.publicKey().keyId()
                        + "\"}",
                    "{\"alg\":\"none\"}",
                    "{}",
                    "[]",
                    "null",
                    "{\"alg\":\"EdDSA\",\"typ\":\"JWT\",\"kid\":[1]}")
                .map(EdDsaJwtTest::b64));
    return Arbitraries.oneOf(
        Arbitraries.strings()
            .withChars("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.")
            .ofMaxLength(300),
        part.list().ofMinSize(1).ofMaxSize(5).map(parts -> String.join(".", parts)));
  }
}
