package dev.metacircular.domain.identity.token;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metacircular.ports.auth.AccountType;
import dev.metacircular.ports.identity.TokenClaims;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class VerificationCacheTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private static VerificationCache.Entry entry(Instant expires) {
    return new VerificationCache.Entry(
        new TokenClaims(
            UUID.randomUUID(),
            "alice",
            Set.of(),
            AccountType.HUMAN,
            "jti",
            "iss",
            T0,
            expires,
            "mcias"),
        "mcias");
  }

  @Test
  void entriesAreDroppedAtTheirTokensExpiry() {
    VerificationCache cache = new VerificationCache(10);
    cache.put("k", entry(T0.plusSeconds(10)));

    assertThat(cache.get("k", T0.plusSeconds(9))).isNotNull();
    assertThat(cache.get("k", T0.plusSeconds(10))).isNull();
    assertThat(cache.size()).isZero();
  }

  @Test
  void theLeastRecentlyUsedEntryGoesFirst() {
    VerificationCache cache = new VerificationCache(2);
    cache.put("a", entry(T0.plusSeconds(60)));
    cache.put("b", entry(T0.plusSeconds(60)));
    cache.get("a", T0);
    cache.put("c", entry(T0.plusSeconds(60)));

    assertThat(cache.get("a", T0)).isNotNull();
    assertThat(cache.get("b", T0)).isNull();
    assertThat(cache.get("c", T0)).isNotNull();
  }

  @Test
  void aZeroSizeCacheKeepsNothingAndKeysAreDigestsNotTokens() {
    VerificationCache cache = new VerificationCache(0);
    cache.put("a", entry(T0.plusSeconds(60)));

    assertThat(cache.get("a", T0)).isNull();
    assertThat(VerificationCache.keyOf("header.payload.signature"))
        .hasSize(64)
        .doesNotContain("payload");
  }
}
