package dev.metacircular.domain.identity.totp;

import dev.metacircular.crypto.SealingKey;
import dev.metacircular.crypto.Totp;
import dev.metacircular.ports.identity.out.StoredAccount;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * TOTP secrets sealed under the master key. The associated data names the account, so a sealed
 * secret copied onto another account's row does not open.
 */
public final class TotpSecrets {

  /** 160 bits, the RFC 4226 recommendation for HMAC-SHA1. */
  public static final int SECRET_LENGTH = 20;

  /** One step either side of now (RFC 6238 §5.2). */
  public static final int SKEW_STEPS = 1;

  private final SealingKey key;

  public TotpSecrets(SealingKey key) {
    this.key = Objects.requireNonNull(key, "key");
  }

  public byte[] seal(UUID accountId, byte[] secret) {
    return key.seal(secret, aad(accountId));
  }

  /**
   * The time step the code belongs to, within one step of {@code now}, or empty when it matches
   * none. Replay (a step already used) is the caller's check.
   */
  public OptionalLong verify(StoredAccount account, String code, Instant now) {
    if (account.totpSecretSealed() == null) {
      return OptionalLong.empty();
    }
    byte[] secret = key.open(account.totpSecretSealed(), aad(account.id()));
    try {
      return Totp.verify(secret, code, now, SKEW_STEPS);
    } finally {
      Arrays.fill(secret, (byte) 0);
    }
  }

  private static byte[] aad(UUID accountId) {
    return ("mcias/totp-secret/v1/" + accountId).getBytes(StandardCharsets.US_ASCII);
  }
}
