package dev.metacircular.domain.identity.token;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metacircular.ports.auth.Role;
import dev.metacircular.ports.identity.TokenValidation;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ClaimsReadingTest {

  private static Map<String, Object> good() {
    Map<String, Object> c = new HashMap<>();
    c.put("iss", "https://mcias.test");
    c.put("sub", UUID.randomUUID().toString());
    c.put("jti", UUID.randomUUID().toString());
    c.put("iat", 1_700_000_000L);
    c.put("exp", 1_700_003_600L);
    c.put("username", "alice");
    c.put("roles", List.of("user", "admin"));
    c.put("account_type", "human");
    c.put("aud", "mcias");
    return c;
  }

  private static ClaimsReading.Outcome read(Map<String, Object> claims) {
    return ClaimsReading.read(claims, "https://mcias.test");
  }

  @Test
  void wellFormedClaimsAreRead() {
    ClaimsReading.Outcome o = read(good());

    assertThat(o.refusal()).isNull();
    assertThat(o.claims().roles()).containsExactlyInAnyOrder(Role.USER, Role.ADMIN);
    assertThat(o.audience()).isEqualTo("mcias");
    assertThat(o.claims().audience()).isEqualTo("mcias");
  }

  @Test
  void theIssuerIsCheckedFirst() {
    Map<String, Object> c = good();
    c.put("iss", "https://evil.test");
    c.remove("exp");

    assertThat(read(c).refusal()).isEqualTo(TokenValidation.Reason.WRONG_ISSUER);
    c.remove("iss");
    assertThat(read(c).refusal()).isEqualTo(TokenValidation.Reason.WRONG_ISSUER);
  }

  @Test
  void missingOrMistypedClaimsAreMalformed() {
    List<Map.Entry<String, Object>> breakages =
        List.of(
            Map.entry("exp", "tomorrow"),
            Map.entry("exp", 1.5e9),
            Map.entry("exp", Long.MAX_VALUE),
            Map.entry("sub", "not-a-uuid"),
            Map.entry("jti", ""),
            Map.entry("roles", "admin"),
            Map.entry("roles", List.of("superuser")),
            Map.entry("roles", List.of(1L)),
            Map.entry("account_type", "robot"),
            Map.entry("aud", List.of("a", "b")),
            // Exactly one audience, as a string: a one-element list, a blank or a number is not
            // one.
            Map.entry("aud", List.of("mcias")),
            Map.entry("aud", ""),
            Map.entry("aud", " "),
            Map.entry("aud", 7L));
    for (Map.Entry<String, Object> breakage : breakages) {
      Map<String, Object> c = good();
      c.put(breakage.getKey(), breakage.getValue());
      assertThat(read(c).refusal())
          .as(breakage.toString())
          .isEqualTo(TokenValidation.Reason.MALFORMED);
    }
    for (String required :
        List.of("sub", "jti", "iat", "exp", "username", "roles", "account_type", "aud")) {
      Map<String, Object> c = good();
      c.remove(required);
      assertThat(read(c).refusal()).as(required).isEqualTo(TokenValidation.Reason.MALFORMED);
    }
  }
}
