package dev.metacircular.rest.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TokenPayloadTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static Map<String, Object> claims() {
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("iss", "https://mcias.test");
    claims.put("sub", "00000000-0000-4000-8000-00000000a11c");
    claims.put("jti", "0b6e0000-0000-4000-8000-000000000001");
    claims.put("iat", 1_773_223_200L);
    return claims;
  }

  private static TokenPayload read(Map<String, Object> claims) throws TokenPayload.Unreadable {
    return TokenPayload.read(FakeIdentity.jws(claims), JSON);
  }

  @Test
  void readsTheClaimsTheValidationAnswerLacks() throws TokenPayload.Unreadable {
    Map<String, Object> claims = claims();
    claims.put("aud", "metacrypt");

    assertThat(read(claims))
        .isEqualTo(
            new TokenPayload(
                "00000000-0000-4000-8000-00000000a11c",
                "0b6e0000-0000-4000-8000-000000000001",
                "https://mcias.test",
                Instant.ofEpochSecond(1_773_223_200L),
                "metacrypt"));
  }

  @Test
  void theAudienceIsAStringAnArrayOfOneOrAbsent() throws TokenPayload.Unreadable {
    Map<String, Object> claims = claims();
    assertThat(read(claims).audience()).isNull();
    claims.put("aud", List.of("metacrypt"));
    assertThat(read(claims).audience()).isEqualTo("metacrypt");
    claims.put("aud", List.of("metacrypt", "registry"));
    assertThatThrownBy(() -> read(claims)).isInstanceOf(TokenPayload.Unreadable.class);
    claims.put("aud", 7);
    assertThatThrownBy(() -> read(claims)).isInstanceOf(TokenPayload.Unreadable.class);
  }

  @Test
  void aMissingOrMistypedClaimIsUnreadable() {
    for (String claim : List.of("iss", "sub", "jti", "iat")) {
      Map<String, Object> missing = claims();
      missing.remove(claim);
      assertThatThrownBy(() -> read(missing))
          .as(claim)
          .isInstanceOf(TokenPayload.Unreadable.class)
          .hasMessage(claim);
    }
    Map<String, Object> textIat = claims();
    textIat.put("iat", "1773223200");
    assertThatThrownBy(() -> read(textIat)).isInstanceOf(TokenPayload.Unreadable.class);
    Map<String, Object> fractionalIat = claims();
    fractionalIat.put("iat", 1.5);
    assertThatThrownBy(() -> read(fractionalIat)).isInstanceOf(TokenPayload.Unreadable.class);
  }

  @Test
  void somethingThatIsNotAJwsIsUnreadableAndNeverQuoted() {
    for (String notAJws :
        List.of("abc", "a.b", "a.b.c.d", ".b.c", "a.!!!.c", "a.bm90IGpzb24.c", "a.WzFd.c")) {
      assertThatThrownBy(() -> TokenPayload.read(notAJws, JSON))
          .as(notAJws)
          .isInstanceOf(TokenPayload.Unreadable.class)
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain(notAJws));
    }
  }
}
