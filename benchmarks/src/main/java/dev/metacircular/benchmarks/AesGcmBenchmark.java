package dev.metacircular.benchmarks;

import dev.metacircular.crypto.SealingKey;
import dev.metacircular.crypto.SecretBytes;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
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

/**
 * AES-256-GCM sealing ({@link SealingKey#seal}: random nonce, versioned frame, length-prefixed
 * associated data) against the baseline of the JDK's own {@code AES/GCM/NoPadding} doing the same
 * cryptographic work on the same input: a fresh random nonce from the same kind of {@link
 * SecureRandom}, the same associated data, one reused {@link Cipher} per thread re-keyed with the
 * new nonce (the cheapest correct use of the JDK API). The ratio is what our framing and per-call
 * {@code Cipher.getInstance} cost.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Thread)
public class AesGcmBenchmark {

  @Param({"64", "1024", "65536"})
  public int size;

  private static final byte[] AAD = "secret/data/app/db-password".getBytes(StandardCharsets.UTF_8);

  private SealingKey sealingKey;
  private SecretKeySpec jdkKey;
  private Cipher jdkCipher;
  private SecureRandom random;
  private byte[] plaintext;
  private byte[] sealed;
  private byte[] jdkNonce;
  private byte[] jdkCiphertext;
  private Cipher jdkDecryptCipher;

  @Setup
  public void setup() throws GeneralSecurityException {
    byte[] raw = new byte[SealingKey.KEY_LENGTH];
    random = new SecureRandom();
    random.nextBytes(raw);
    try (SecretBytes key = SecretBytes.copyOf(raw)) {
      sealingKey = new SealingKey(1, key);
    }
    jdkKey = new SecretKeySpec(raw, "AES");
    jdkCipher = Cipher.getInstance("AES/GCM/NoPadding");
    plaintext = new byte[size];
    random.nextBytes(plaintext);
    sealed = sealingKey.seal(plaintext, AAD);
    jdkNonce = new byte[12];
    random.nextBytes(jdkNonce);
    Cipher once = Cipher.getInstance("AES/GCM/NoPadding");
    once.init(Cipher.ENCRYPT_MODE, jdkKey, new GCMParameterSpec(128, jdkNonce));
    once.updateAAD(AAD);
    jdkCiphertext = once.doFinal(plaintext);
    jdkDecryptCipher = Cipher.getInstance("AES/GCM/NoPadding");
  }

  /** Baseline: the JDK cipher alone, with a fresh nonce per call as GCM requires. */
  @Benchmark
  public byte[] jdkGcmEncrypt() throws GeneralSecurityException {
    byte[] nonce = new byte[12];
    random.nextBytes(nonce);
    jdkCipher.init(Cipher.ENCRYPT_MODE, jdkKey, new GCMParameterSpec(128, nonce));
    jdkCipher.updateAAD(AAD);
    return jdkCipher.doFinal(plaintext);
  }

  @Benchmark
  public byte[] seal() {
    return sealingKey.seal(plaintext, AAD);
  }

  /** Baseline for {@link #open}: the JDK cipher decrypting and authenticating the same length. */
  @Benchmark
  public byte[] jdkGcmDecrypt() throws GeneralSecurityException {
    jdkDecryptCipher.init(Cipher.DECRYPT_MODE, jdkKey, new GCMParameterSpec(128, jdkNonce));
    jdkDecryptCipher.updateAAD(AAD);
    return jdkDecryptCipher.doFinal(jdkCiphertext);
  }

  @Benchmark
  public byte[] open() {
    return sealingKey.open(sealed, AAD);
  }
}
