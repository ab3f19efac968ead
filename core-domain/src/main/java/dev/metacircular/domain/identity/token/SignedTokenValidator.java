package dev.metacircular.domain.identity.token;

import dev.metacircular.crypto.Ed25519PublicKey;
import dev.metacircular.crypto.EdDsaJwt;
import dev.metacircular.crypto.JwtVerification;
import dev.metacircular.ports.identity.AccountStatus;
import dev.metacircular.ports.identity.PublicSigningKey;
import dev.metacircular.ports.identity.TokenClaims;
import dev.metacircular.ports.identity.TokenRecord;
import dev.metacircular.ports.identity.TokenValidation;
import dev.metacircular.ports.identity.ValidationCache;
import dev.metacircular.ports.identity.in.TokenValidationUseCase;
import dev.metacircular.ports.identity.out.AccountStore;
import dev.metacircular.ports.identity.out.StoredAccount;
import dev.metacircular.ports.identity.out.TokenStore;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Validates identity tokens, in this order: structure and {@code alg} (only EdDSA), {@code kid} in
 * the fixed one-key map, Ed25519 signature, issuer, claim structure (one {@code aud} among them),
 * expiry, the token record (unknown or revoked jti, or a record that is not this token's: another
 * account or another audience), then the account (must be active). The audience a caller requires
 * is checked last ({@link #validate(String, String)}); the identity service's own API requires
 * {@link #audience()}.
 *
 * <p>A bad token is always an {@link TokenValidation.Invalid} value, whatever the input; only a
 * failure of the stores themselves (an internal error, not a bad token) propagates. Nothing in a
 * token ever causes an outbound call: {@code jku}, {@code x5u} and embedded keys are ignored.
 */
public final class SignedTokenValidator implements TokenValidationUseCase {

  /** A validation with the token's audience (null when the token is not valid). */
  record Checked(TokenValidation validation, String audience) {}

  private final String issuer;
  private final String ownAudience;
  private final Ed25519PublicKey key;
  private final Map<String, Ed25519PublicKey> keysById;
  private final TokenStore tokens;
  private final AccountStore accounts;
  private final Clock clock;

  /** Claims of tokens whose signature, issuer and claims were checked, until their expiry. */
  private final ValidationCache<Verified> cache;

  /** What a verified token said. */
  private record Verified(TokenClaims claims, String audience) {}

  public SignedTokenValidator(
      String issuer,
      String ownAudience,
      Ed25519PublicKey key,
      TokenStore tokens,
      AccountStore accounts,
      Clock clock,
      int cacheSize) {
    this.issuer = Objects.requireNonNull(issuer, "issuer");
    this.ownAudience = Objects.requireNonNull(ownAudience, "ownAudience");
    this.key = Objects.requireNonNull(key, "key");
    this.keysById = Map.of(key.keyId(), key);
    this.tokens = Objects.requireNonNull(tokens, "tokens");
    this.accounts = Objects.requireNonNull(accounts, "accounts");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.cache = new ValidationCache<>(cacheSize);
  }

  @Override
  public TokenValidation validate(String token) {
    return check(token).validation();
  }

  @Override
  public String audience() {
    return ownAudience;
  }

  @Override
  public PublicSigningKey publicKey() {
    return new PublicSigningKey(
        key.keyId(),
        EdDsaJwt.ALGORITHM,
        "Ed25519",
        Base64.getUrlEncoder().withoutPadding().encodeToString(key.raw()),
        key.toPem());
  }

  Checked check(String token) {
    if (token == null || token.isEmpty() || token.length() > EdDsaJwt.MAX_TOKEN_LENGTH) {
      return invalid(TokenValidation.Reason.MALFORMED);
    }
    Instant now = clock.instant();
    String cacheKey = ValidationCache.keyOf(token);
    Verified entry = cache.get(cacheKey, now);
    if (entry == null) {
      JwtVerification verification = EdDsaJwt.verify(token, keysById);
      if (verification instanceof JwtVerification.Rejected rejected) {
        return invalid(reasonFor(rejected.reason()));
      }
      ClaimsReading.Outcome read =
          ClaimsReading.read(((JwtVerification.Verified) verification).claims(), issuer);
      if (read.refusal() != null) {
        return invalid(read.refusal());
      }
      entry = new Verified(read.claims(), read.audience());
      // Expiry, revocation and account status are not cached: they are checked below on every
      // call, so a revocation takes effect on the very next validation.
      cache.put(cacheKey, entry, now, entry.claims().expiresAt());
    }
    TokenClaims claims = entry.claims();
    if (!now.isBefore(claims.expiresAt())) {
      return invalid(TokenValidation.Reason.EXPIRED);
    }
    Optional<TokenRecord> record = tokens.find(claims.jti());
    // The record must be this token's: a signed token whose jti names another account's record,
    // or a record minted for another audience, is not the token that record makes valid.
    if (record.isEmpty()
        || record.get().revoked()
        || !record.get().accountId().equals(claims.accountId())
        || !record.get().audience().equals(claims.audience())) {
      return invalid(TokenValidation.Reason.REVOKED);
    }
    Optional<StoredAccount> account = accounts.findById(claims.accountId());
    if (account.isEmpty() || account.get().status() != AccountStatus.ACTIVE) {
      return invalid(TokenValidation.Reason.ACCOUNT_NOT_ACTIVE);
    }
    return new Checked(new TokenValidation.Valid(claims), entry.audience());
  }

  private static Checked invalid(TokenValidation.Reason reason) {
    return new Checked(new TokenValidation.Invalid(reason), null);
  }

  private static TokenValidation.Reason reasonFor(JwtVerification.Reason reason) {
    return switch (reason) {
      case MALFORMED -> TokenValidation.Reason.MALFORMED;
      case WRONG_ALGORITHM -> TokenValidation.Reason.WRONG_ALGORITHM;
      // A kid we do not know is a key we did not sign with.
      case UNKNOWN_KEY, BAD_SIGNATURE -> TokenValidation.Reason.BAD_SIGNATURE;
    };
  }
}
