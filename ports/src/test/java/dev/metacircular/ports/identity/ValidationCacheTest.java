package dev.metacircular.ports.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The one token cache of the core's verifier and the relying services' identity provider. */
class ValidationCacheTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void entriesAreDroppedAtTheirOwnTime() {
    ValidationCache<String> cache = new ValidationCache<>(10);
    cache.put("k", "claims", T0, T0.plusSeconds(10));

    assertThat(cache.get("k", T0.plusSeconds(9))).isEqualTo("claims");
    assertThat(cache.get("k", T0.plusSeconds(10))).isNull();
    assertThat(cache.size()).isZero();
  }

  @Test
  void theLeastRecentlyUsedEntryGoesFirst() {
    ValidationCache<String> cache = new ValidationCache<>(2);
    cache.put("a", "A", T0, T0.plusSeconds(60));
    cache.put("b", "B", T0, T0.plusSeconds(60));
    cache.get("a", T0);
    cache.put("c", "C", T0, T0.plusSeconds(60));

    assertThat(cache.get("a", T0)).isEqualTo("A");
    assertThat(cache.get("b", T0)).isNull();
    assertThat(cache.get("c", T0)).isEqualTo("C");
  }

  @Test
  void anEntryAlreadyStaleIsNotKept() {
    ValidationCache<String> cache = new ValidationCache<>(10);
    cache.put("k", "v", T0, T0);
    cache.put("j", "v", T0, T0.minusSeconds(1));

    assertThat(cache.size()).isZero();
  }

  @Test
  void evictForgetsAtOnce() {
    ValidationCache<String> cache = new ValidationCache<>(10);
    cache.put("k", "v", T0, T0.plusSeconds(60));
    cache.evict("k");

    assertThat(cache.get("k", T0)).isNull();
  }

  @Test
  void aZeroSizeCacheKeepsNothingAndKeysAreDigestsNotTokens() {
    ValidationCache<String> cache = new ValidationCache<>(0);
    cache.put("a", "A", T0, T0.plusSeconds(60));

    assertThat(cache.get("a", T0)).isNull();
    assertThat(ValidationCache.keyOf("header.payload.signature"))
        .hasSize(64)
        .doesNotContain("payload")
        .isEqualTo(ValidationCache.keyOf("header.payload.signature"));
    assertThatThrownBy(() -> new ValidationCache<String>(-1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
