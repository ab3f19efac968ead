package dev.metacircular.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metacircular.crypto.JwtVerification;
import dev.metacircular.ports.policy.Effect;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Each benchmark's setup and one call of each method, so a broken benchmark fails the build rather
 * than the next measurement run. Nothing is timed here.
 */
class BenchmarkSmokeTest {

  @Test
  void tokenBenchmarksMeasureOnlyTheSuccessPath() throws Exception {
    TokenValidateBenchmark bench = new TokenValidateBenchmark();
    TokenValidateBenchmark.ColdCore cold = new TokenValidateBenchmark.ColdCore();
    TokenValidateBenchmark.SqliteCore sqlite = new TokenValidateBenchmark.SqliteCore();
    TokenValidateBenchmark.Cursor cursor = new TokenValidateBenchmark.Cursor();
    bench.setup();
    cold.setup();
    sqlite.setup();
    try {
      assertThat(bench.rawVerify()).isTrue();
      assertThat(bench.jwtVerify()).isInstanceOf(JwtVerification.Verified.class);
      assertThat(bench.validateCached().valid()).isTrue();
      assertThat(bench.validateCachedSqlite(sqlite).valid()).isTrue();
      // Setup validated every pooled token once; here the cursor must also wrap round the pool.
      assertThat(bench.validateCold(cold, cursor).valid()).isTrue();
      cursor.next = TokenValidateBenchmark.COLD_POOL - 1;
      assertThat(bench.validateCold(cold, cursor).valid()).isTrue();
      assertThat(cursor.next).isZero();
      assertThat(cold.tokens).doesNotHaveDuplicates().hasSize(TokenValidateBenchmark.COLD_POOL);
      assertThat(TokenValidateBenchmark.COLD_POOL)
          .isGreaterThan(TokenValidateBenchmark.COLD_CACHE_SIZE);
    } finally {
      sqlite.tearDown();
      cold.tearDown();
      bench.tearDown();
    }
    assertThat(sqlite.dir).doesNotExist();
  }

  @Test
  void aesBenchmarksRoundTrip() throws Exception {
    AesGcmBenchmark bench = new AesGcmBenchmark();
    bench.size = 64;
    bench.setup();

    assertThat(bench.jdkGcmEncrypt()).hasSize(64 + 16);
    assertThat(bench.seal()).hasSizeGreaterThan(64 + 16);
    assertThat(bench.open()).hasSize(64);
    assertThat(bench.jdkGcmDecrypt()).hasSize(64);
  }

  @Test
  void policyBenchmarkDecidesAsDescribed() {
    PolicyEvaluateBenchmark bench = new PolicyEvaluateBenchmark();
    bench.rules = 32;
    bench.setup();

    assertThat(bench.preSortedScan()).isEqualTo(Effect.ALLOW);
    assertThat(bench.evaluate().rule()).isNotNull();
    assertThat(bench.evaluateDefaultDeny().rule()).isNull();
  }

  @Test
  void barrierBenchmarksReadBackWhatTheyWriteOnBothStorages() throws Exception {
    for (String storage : new String[] {"memory", "sqlite"}) {
      BarrierBenchmark bench = new BarrierBenchmark();
      bench.storage = storage;
      bench.setup();
      try {
        byte[] before = bench.rawGet().orElseThrow();
        bench.rawPut();
        assertThat(bench.rawGet()).get().isNotEqualTo(before);
        bench.systemPut();
        bench.mountPut();
        assertThat(bench.rawGet()).get().satisfies(v -> assertThat(v).hasSize(bench.rawLength()));
        assertThat(bench.systemGet())
            .get()
            .satisfies(v -> assertThat(v).hasSize(BarrierBenchmark.SIZE));
        assertThat(bench.mountGet())
            .get()
            .satisfies(v -> assertThat(v).hasSize(BarrierBenchmark.SIZE));
        assertThat(bench.rawLength()).isGreaterThan(BarrierBenchmark.SIZE);
      } finally {
        bench.tearDown();
      }
    }
  }

  @Test
  void transitBenchmarksEncryptThroughEveryPathOnBothStorages() throws Exception {
    TransitBenchmark bench = new TransitBenchmark();
    bench.setup();
    assertThat(bench.jdkGcmEncrypt()).hasSize(TransitBenchmark.SIZE + 16);
    assertThat(java.util.Base64.getDecoder().decode(bench.jdkGcmEncryptBase64()))
        .hasSize(12 + TransitBenchmark.SIZE + 16);
    for (String storage : new String[] {"memory", "sqlite"}) {
      TransitBenchmark.Transit transit = new TransitBenchmark.Transit();
      transit.storage = storage;
      transit.setup();
      try {
        var typed = bench.engineEncrypt(transit);
        assertThat(typed.keyVersion()).isEqualTo(1);
        assertThat(typed.ciphertext().bytes()).hasSize(TransitBenchmark.SIZE + 28);
        for (var answer :
            java.util.List.of(bench.coreEncrypt(transit), bench.coreEncryptByRule(transit))) {
          assertThat(answer).containsEntry("key_version", 1);
          // metacrypt:v1: + base64 of nonce (12) || ciphertext (1024) || tag (16)
          assertThat((String) answer.get("ciphertext"))
              .startsWith("metacrypt:v1:")
              .hasSize("metacrypt:v1:".length() + 4 * ((TransitBenchmark.SIZE + 28 + 2) / 3));
        }
      } finally {
        transit.tearDown();
      }
      if (transit.dir != null) {
        assertThat(transit.dir).doesNotExist();
      }
    }
  }

  @Test
  void bareRequestsAreExactlyAsLargeAsValidateRequests() {
    String validate = LoadMain.validateBody("eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiJ4In0.c2ln");

    assertThat(LoadMain.bareBody(validate.getBytes(StandardCharsets.US_ASCII).length))
        .hasSameSizeAs(validate)
        .startsWith("{\"token\":\"");
  }

  @Test
  void sshAndUserToUserBenchmarksDoWhatTheySay() throws Exception {
    SshCaBenchmark ssh = new SshCaBenchmark();
    ssh.setUp();
    assertThat(ssh.bareEd25519Sign()).hasSize(64);
    assertThat(ssh.engineSign().certificate()).startsWith("ssh-ed25519-cert-v01@openssh.com ");
    SshCaBenchmark.Revoked revoked = new SshCaBenchmark.Revoked();
    revoked.setUp();
    assertThat(ssh.krl100k(revoked).length).isGreaterThan(800_000);
    UserCryptoBenchmark u2u = new UserCryptoBenchmark();
    u2u.setUp();
    assertThat(u2u.bareX25519HkdfGcm()).isEqualTo(u2u.plaintext);
    assertThat(u2u.engineEncryptDecrypt()).isEqualTo(u2u.plaintext);
  }
}
