package dev.metacircular.apps.identity;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The server warns at start when its heap bound cannot hold the concurrent hashes' Argon2 sets. */
class HeapBoundWarningTest {
  private static final long MIB = 1L << 20;

  @Test
  void aHeapBelowTheArgon2SetsPlusHeadroomIsReported() {
    assertThat(IdentityServer.warnIfTheHeapIsShort(2 * 64 * MIB, 300 * MIB)).isTrue();
    assertThat(IdentityServer.warnIfTheHeapIsShort(2 * 64 * MIB, 512 * MIB)).isFalse();
    assertThat(
            IdentityServer.warnIfTheHeapIsShort(
                2 * 64 * MIB, 128 * MIB + IdentityServer.HEAP_HEADROOM))
        .isFalse();
  }
}
