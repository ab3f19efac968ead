package dev.metacircular.benchmarks;

import dev.metacircular.domain.memory.InMemoryAuditLog;
import dev.metacircular.domain.memory.InMemoryPhysicalStorage;
import dev.metacircular.ports.engine.in.EngineRequest;
import dev.metacircular.ports.engine.in.EngineRequestUseCase;
import dev.metacircular.ports.engine.spi.Engine;
import dev.metacircular.ports.transit.in.Ciphertext;
import dev.metacircular.ports.transit.in.Encrypt;
import dev.metacircular.ports.transit.in.TransitOperations;
import dev.metacircular.ports.transit.in.TransitValue;
import dev.metacircular.rest.EngineDispatcher;
import dev.metacircular.sqlite.SqliteCryptoStorage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Transit {@code encrypt} of {@value #SIZE} bytes against its floor, raw AES-256-GCM through the
 * JCA in the same run.
 *
 * <ul>
 *   <li>{@link #jdkGcmEncrypt} (the baseline): the JDK's {@code AES/GCM/NoPadding} on the same
 *       plaintext with one reused {@link Cipher} per thread re-keyed with a fresh random 12-byte
 *       nonce from a {@link SecureRandom} (the cheapest correct use of the JDK API, as in {@link
 *       AesGcmBenchmark}; no associated data, as transit without a {@code context});
 *   <li>{@link #jdkGcmEncryptBase64} (the second baseline): the same, plus the JDK's base64 decode
 *       of the plaintext and encode of the output, which the transit API requires (binary values
 *       travel as base64 text): the ceiling of any implementation of that API on this JDK;
 *   <li>{@link #engineEncrypt}: the open {@code TransitEngine} alone with a typed {@link Encrypt} —
 *       key lookup in its cache, Tink's AES-GCM (bytes in, bytes out);
 *   <li>{@link #coreEncrypt}: the JSON door minus HTTP — a new {@link EngineRequest} as the REST
 *       controller builds one, then the generic {@link EngineDispatcher}: the barrier's read lock
 *       and state check, the operation found by name, {@code data} mapped onto the {@link Encrypt}
 *       record (base64 decode), the ACL decision for an admin caller (admin bypass), the mount's
 *       engine, and the answer mapped back to a tree (base64 and the {@code metacrypt:v1:} text);
 *   <li>{@link #coreEncryptByRule}: as {@code coreEncrypt} for a non-admin caller whom one ALLOW
 *       rule in the barrier lets encrypt, so the rules are read and evaluated.
 *   <li>{@link #binaryEncrypt} and {@link #binaryEncryptByRule}: the same through the binary data
 *       path ({@code ports.transit.in.TransitDataUseCase}, what gRPC and embedding code call):
 *       bytes in, the key version and sealed bytes out, the same lock, state check, ACL and engine;
 *   <li>{@link #binaryEncryptText}: {@code binaryEncrypt} plus the {@code metacrypt:v1:} text form
 *       of the answer (what a door that answers text adds).
 * </ul>
 *
 * The core's physical storage is a {@code @Param}: in memory, or SQLite in a temporary file (as the
 * server runs). Encrypting reads no storage once the key is cached; the ACL reads its rules.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Thread)
public class TransitBenchmark {

  static final int SIZE = 1024;

  private SecretKeySpec jdkKey;
  private Cipher jdkCipher;
  private SecureRandom random;
  private byte[] plaintext;
  private String plaintextBase64;

  /** The crypto core with the transit mount, on in-memory or SQLite storage. */
  @State(Scope.Benchmark)
  public static class Transit {
    @Param({"memory", "sqlite"})
    public String storage;

    Path dir;
    SqliteCryptoStorage sqlite;
    CryptoFixture fixture;
    Engine engine;
    EngineRequestUseCase dispatcher;
    Map<String, Object> data;
    byte[] plain;

    @Setup
    public void setup() throws IOException {
      if (storage.equals("sqlite")) {
        dir = Files.createTempDirectory("mc-bench-transit-");
        sqlite = SqliteCryptoStorage.open(dir.resolve("metacrypt.db"));
        fixture =
            CryptoFixture.open(
                sqlite.physical(),
                sqlite.audit(),
                new CryptoFixture.NoDoor(),
                CryptoFixture.CHEAP_SEAL);
      } else if (storage.equals("memory")) {
        fixture =
            CryptoFixture.open(
                new InMemoryPhysicalStorage(),
                new InMemoryAuditLog(),
                new CryptoFixture.NoDoor(),
                CryptoFixture.CHEAP_SEAL);
      } else {
        throw new IllegalArgumentException("storage is memory or sqlite, not " + storage);
      }
      engine = fixture.transitEngine();
      dispatcher = new EngineDispatcher(fixture.core().operations());
      byte[] plain = new byte[SIZE];
      new SecureRandom().nextBytes(plain);
      data = CryptoFixture.encryptData(plain);
      this.plain = plain.clone();
      // Measure only the success path: a broken setup must fail, not time a fast refusal.
      if (engine
              .handle(
                  TransitOperations.ENCRYPT,
                  new Encrypt(CryptoFixture.KEY, this.plain, null),
                  CryptoFixture.ADMIN)
              .keyVersion()
          != 1) {
        throw new IllegalStateException("engine encrypt did not answer version 1: setup is broken");
      }
      requireCiphertext(
          dispatcher.handle(
              CryptoFixture.ADMIN,
              new EngineRequest(CryptoFixture.MOUNT, CryptoFixture.ENCRYPT, data)),
          "core encrypt (admin)");
      requireCiphertext(
          dispatcher.handle(
              CryptoFixture.USER,
              new EngineRequest(CryptoFixture.MOUNT, CryptoFixture.ENCRYPT, data)),
          "core encrypt (rule)");
      if (fixture
              .core()
              .transitData()
              .encrypt(CryptoFixture.USER, CryptoFixture.MOUNT, CryptoFixture.KEY, this.plain, null)
              .version()
          != 1) {
        throw new IllegalStateException("binary encrypt did not answer version 1: setup is broken");
      }
    }

    @TearDown
    public void tearDown() {
      fixture.close();
      if (sqlite != null) {
        sqlite.close();
        TempDirs.deleteTree(dir);
      }
    }
  }

  @Setup
  public void setup() throws GeneralSecurityException {
    random = new SecureRandom();
    byte[] raw = new byte[32];
    random.nextBytes(raw);
    jdkKey = new SecretKeySpec(raw, "AES");
    jdkCipher = Cipher.getInstance("AES/GCM/NoPadding");
    plaintext = new byte[SIZE];
    random.nextBytes(plaintext);
    plaintextBase64 = Base64.getEncoder().encodeToString(plaintext);
  }

  /** Baseline: the JDK cipher alone, with a fresh nonce per call as GCM requires. */
  @Benchmark
  public byte[] jdkGcmEncrypt() throws GeneralSecurityException {
    byte[] nonce = new byte[12];
    random.nextBytes(nonce);
    jdkCipher.init(Cipher.ENCRYPT_MODE, jdkKey, new GCMParameterSpec(128, nonce));
    return jdkCipher.doFinal(plaintext);
  }

  /**
   * The floor of any API that carries binary values as base64 text, as transit's does: the JDK's
   * base64 decode of the plaintext, the same cipher call, and the JDK's base64 encode of the output
   * (nonce || ciphertext || tag, as transit answers it).
   */
  @Benchmark
  public String jdkGcmEncryptBase64() throws GeneralSecurityException {
    byte[] input = Base64.getDecoder().decode(plaintextBase64);
    byte[] nonce = new byte[12];
    random.nextBytes(nonce);
    jdkCipher.init(Cipher.ENCRYPT_MODE, jdkKey, new GCMParameterSpec(128, nonce));
    byte[] out = new byte[12 + input.length + 16];
    System.arraycopy(nonce, 0, out, 0, 12);
    jdkCipher.doFinal(input, 0, input.length, out, 12);
    return Base64.getEncoder().encodeToString(out);
  }

  @Benchmark
  public Ciphertext engineEncrypt(Transit t) {
    return t.engine.handle(
        TransitOperations.ENCRYPT,
        new Encrypt(CryptoFixture.KEY, t.plain, null),
        CryptoFixture.ADMIN);
  }

  @Benchmark
  public Map<String, Object> coreEncrypt(Transit t) {
    return t.dispatcher.handle(
        CryptoFixture.ADMIN, new EngineRequest(CryptoFixture.MOUNT, CryptoFixture.ENCRYPT, t.data));
  }

  @Benchmark
  public TransitValue binaryEncrypt(Transit t) {
    return t.fixture
        .core()
        .transitData()
        .encrypt(CryptoFixture.ADMIN, CryptoFixture.MOUNT, CryptoFixture.KEY, t.plain, null);
  }

  @Benchmark
  public TransitValue binaryEncryptByRule(Transit t) {
    return t.fixture
        .core()
        .transitData()
        .encrypt(CryptoFixture.USER, CryptoFixture.MOUNT, CryptoFixture.KEY, t.plain, null);
  }

  @Benchmark
  public String binaryEncryptText(Transit t) {
    return t.fixture
        .core()
        .transitData()
        .encrypt(CryptoFixture.ADMIN, CryptoFixture.MOUNT, CryptoFixture.KEY, t.plain, null)
        .text();
  }

  @Benchmark
  public Map<String, Object> coreEncryptByRule(Transit t) {
    return t.dispatcher.handle(
        CryptoFixture.USER, new EngineRequest(CryptoFixture.MOUNT, CryptoFixture.ENCRYPT, t.data));
  }

  static void requireCiphertext(Map<String, Object> answer, String what) {
    Object ciphertext = answer.get("ciphertext");
    if (!(ciphertext instanceof String) || !((String) ciphertext).startsWith("metacrypt:v1:")) {
      throw new IllegalStateException(what + " did not answer a ciphertext: setup is broken");
    }
  }
}
