package dev.metacircular.domain.policy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PathGlobTest {

  private static boolean matches(String glob, String path) {
    return PathGlob.compile(glob).matches(path);
  }

  @Test
  void aGlobWithoutWildcardsMatchesOnlyItself() {
    assertThat(matches("keys/k1", "keys/k1")).isTrue();
    assertThat(matches("keys/k1", "keys/k10")).isFalse();
    assertThat(matches("keys/k1", "keys")).isFalse();
    assertThat(matches("keys/k1", "/keys/k1")).isFalse();
  }

  @Test
  void regexCharactersAreLiterals() {
    assertThat(matches("a.b+c(d)[e]{f}^$|\\", "a.b+c(d)[e]{f}^$|\\")).isTrue();
    assertThat(matches("a.b", "axb")).isFalse();
  }

  @Test
  void questionMarkMatchesOneCharacterOtherThanSlash() {
    assertThat(matches("ca/?", "ca/x")).isTrue();
    assertThat(matches("ca/?", "ca/")).isFalse();
    assertThat(matches("ca/?", "ca/xy")).isFalse();
    assertThat(matches("ca?x", "ca/x")).isFalse();
  }

  @Test
  void starMatchesWithinOneSegment() {
    assertThat(matches("keys/*", "keys/k1")).isTrue();
    assertThat(matches("keys/*", "keys/")).isTrue();
    assertThat(matches("keys/*", "keys/a/b")).isFalse();
    assertThat(matches("keys/*/rotate", "keys/k1/rotate")).isTrue();
    assertThat(matches("keys/*/rotate", "keys/a/b/rotate")).isFalse();
    assertThat(matches("k*y", "key")).isTrue();
    assertThat(matches("k*y", "ky")).isTrue();
    assertThat(matches("k*y", "k/y")).isFalse();
    assertThat(matches("*", "a/b")).isFalse();
    assertThat(matches("*.pem", "ca.pem")).isTrue();
  }

  @Test
  void doubleStarMatchesAcrossSegments() {
    assertThat(matches("keys/**", "keys/a")).isTrue();
    assertThat(matches("keys/**", "keys/a/b/c")).isTrue();
    assertThat(matches("keys/**", "keys")).isFalse();
    assertThat(matches("keys/**", "other/a")).isFalse();
    assertThat(matches("**", "")).isTrue();
    assertThat(matches("**", "any/thing/at/all")).isTrue();
    assertThat(matches("a**b", "ab")).isTrue();
    assertThat(matches("a**b", "a/x/y/b")).isTrue();
  }

  @Test
  void aDoubleStarSegmentAlsoMatchesNoSegment() {
    assertThat(matches("a/**/b", "a/b")).isTrue();
    assertThat(matches("a/**/b", "a/x/b")).isTrue();
    assertThat(matches("a/**/b", "a/x/y/b")).isTrue();
    assertThat(matches("a/**/b", "a/xb")).isFalse();
    assertThat(matches("a/**/b", "ab")).isFalse();
    assertThat(matches("**/x", "x")).isTrue();
    assertThat(matches("**/x", "a/b/x")).isTrue();
    assertThat(matches("**/x", "ax")).isFalse();
  }

  @Test
  void wildcardsCombine() {
    assertThat(matches("**/k?/*", "m/n/k1/v")).isTrue();
    assertThat(matches("**/k?/*", "k1/v")).isTrue();
    assertThat(matches("**/k?/*", "m/k12/v")).isFalse();
  }

  @Test
  void aNullPathNeverMatches() {
    assertThat(matches("**", null)).isFalse();
  }

  @Test
  void aHostilePathIsAnsweredWithoutBacktrackingBlowUp() {
    String path = "a".repeat(20_000);

    assertThat(matches("*a*a*a*a*a*a*a*a*a*a*b", path)).isFalse();
    assertThat(matches("**a**a**a**a**a**a**a**a**b", path)).isFalse();
    assertThat(matches("*a*a*a*a*a*a*a*a*a*a*", path)).isTrue();
  }
}
