package dev.metacircular.benchmarks;

import dev.metacircular.crypto.Ed25519PublicKey;
import dev.metacircular.crypto.EdDsaJwt;
import dev.metacircular.crypto.JwtVerification;
import dev.metacircular.domain.identity.IdentityStorage;
import dev.metacircular.ports.identity.PublicSigningKey;
import dev.metacircular.ports.identity.TokenValidation;
import dev.metacircular.sqlite.SqliteIdentityStorage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Token validation against its floor: one Ed25519 signature check.
 *
 * <ul>
 *   <li>{@link #rawVerify} (the baseline): Bouncy Castle's Ed25519 verify — the implementation the
 *       core uses — of a real login token's signing input ({@code header.payload}) and signature,
 *       with the public key decoded once, as the core holds it;
 *   <li>{@link #jwtVerify}: {@link EdDsaJwt#verify} of that token: the JWS parse and checks plus
 *       the same verify;
 *   <li>{@link #validateCold}: {@code TokenValidationUseCase.validate} on a core whose verification
 *       cache holds {@value #COLD_CACHE_SIZE} tokens, cycling through {@value #COLD_POOL} distinct
 *       valid tokens so that every call misses the cache (an LRU of 16 never still holds a token
 *       that comes round again only after 4,095 others): signature, claims, issuer, expiry,
 *       revocation and account status, plus the cache insertion;
 *   <li>{@link #validateCached}: the login token again and again through a core with the default
 *       cache: the SHA-256 cache lookup, then the expiry, revocation and account checks that run on
 *       every call;
 *   <li>{@link #validateCachedSqlite}: as {@code validateCached} but on SQLite storage (a file in a
 *       temporary directory), so the revocation and account checks are real single-row queries.
 * </ul>
 *
 * Storage is in memory except for the last, so those figures are the core's own cost.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
public class TokenValidateBenchmark {

  static final int COLD_POOL = 4096;
  static final int COLD_CACHE_SIZE = 16;

  private IdentityFixture cached;
  private String token;
  private Ed25519PublicKeyParameters bcKey;
  private byte[] signingInput;
  private byte[] signature;
  private Map<String, Ed25519PublicKey> keysByKid;

  @Setup
  public void setup() {
    cached = IdentityFixture.inMemory(null);
    token = cached.loginAdmin().token();
    PublicSigningKey published = cached.core().tokens().publicKey();
    byte[] rawKey = Base64.getUrlDecoder().decode(published.x());
    bcKey = new Ed25519PublicKeyParameters(rawKey, 0);
    keysByKid = Map.of(published.keyId(), Ed25519PublicKey.fromRaw(rawKey));
    int lastDot = token.lastIndexOf('.');
    signingInput = token.substring(0, lastDot).getBytes(StandardCharsets.US_ASCII);
    signature = Base64.getUrlDecoder().decode(token.substring(lastDot + 1));

    // Measure only the success path: a broken setup must fail, not time a fast rejection.
    require(rawVerify(), "raw verify");
    require(jwtVerify() instanceof JwtVerification.Verified, "EdDsaJwt.verify");
    require(validateCached().valid(), "validate (cached)");
  }

  @TearDown
  public void tearDown() {
    cached.close();
  }

  /** A core with a 16-entry cache and 4,096 distinct valid tokens to cycle through. */
  @State(Scope.Benchmark)
  public static class ColdCore {
    IdentityFixture fixture;
    String[] tokens;

    @Setup
    public void setup() {
      fixture = IdentityFixture.inMemory(COLD_CACHE_SIZE);
      tokens = fixture.serviceTokens(COLD_POOL);
      for (String t : tokens) {
        require(fixture.core().tokens().validate(t).valid(), "validate (cold)");
      }
    }

    @TearDown
    public void tearDown() {
      fixture.close();
    }
  }

  /** Each benchmark thread walks the cold pool from its own position. */
  @State(Scope.Thread)
  public static class Cursor {
    int next;
  }

  /** A core with the default cache on a SQLite file, and a login token. */
  @State(Scope.Benchmark)
  public static class SqliteCore {
    Path dir;
    SqliteIdentityStorage sqlite;
    IdentityFixture fixture;
    String token;

    @Setup
    public void setup() throws IOException {
      dir = Files.createTempDirectory("mc-bench-jmh-");
      sqlite = SqliteIdentityStorage.open(dir.resolve("identity.db"));
      fixture =
          IdentityFixture.open(
              new IdentityStorage(
                  sqlite.accounts(),
                  sqlite.tokens(),
                  sqlite.audit(),
                  sqlite.policyRules(),
                  sqlite.settings(),
                  sqlite.transactions(),
                  sqlite.ssoClients(),
                  sqlite.authorizationCodes(),
                  sqlite.passkeys(),
                  sqlite.loginSources(),
                  sqlite.recoveryCodes()),
              null);
      token = fixture.loginAdmin().token();
      require(fixture.core().tokens().validate(token).valid(), "validate (SQLite)");
    }

    @TearDown
    public void tearDown() throws IOException {
      fixture.close();
      sqlite.close();
      try (Stream<Path> paths = Files.walk(dir)) {
        paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  @Benchmark
  public boolean rawVerify() {
    return bcKey.verify(
        Ed25519.Algorithm.Ed25519, null, signingInput, 0, signingInput.length, signature, 0);
  }

  @Benchmark
  public JwtVerification jwtVerify() {
    return EdDsaJwt.verify(token, keysByKid);
  }

  @Benchmark
  public TokenValidation validateCold(ColdCore core, Cursor cursor) {
    String t = core.tokens[cursor.next];
    cursor.next = (cursor.next + 1) & (COLD_POOL - 1);
    return core.fixture.core().tokens().validate(t);
  }

  @Benchmark
  public TokenValidation validateCached() {
    return cached.core().tokens().validate(token);
  }

  @Benchmark
  public TokenValidation validateCachedSqlite(SqliteCore core) {
    return core.fixture.core().tokens().validate(core.token);
  }

  static void require(boolean ok, String what) {
    if (!ok) {
      throw new IllegalStateException(what + " did not accept a valid token: setup is broken");
    }
  }
}
