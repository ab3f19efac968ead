package dev.metacircular.benchmarks;

import dev.metacircular.crypto.SecureRandoms;
import dev.metacircular.domain.engine.u2u.UserCryptoEngineType;
import dev.metacircular.domain.memory.InMemoryEngineStorage;
import dev.metacircular.ports.auth.AccountType;
import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.auth.Role;
import dev.metacircular.ports.engine.spi.Engine;
import dev.metacircular.ports.engine.spi.EngineContext;
import dev.metacircular.ports.u2u.in.DecryptMessage;
import dev.metacircular.ports.u2u.in.EncryptMessage;
import dev.metacircular.ports.u2u.in.Register;
import dev.metacircular.ports.u2u.in.UserCryptoOperations;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * User-to-user encrypt + decrypt of {@value #SIZE} bytes for one recipient beside the bare
 * primitives in the same run.
 *
 * <ul>
 *   <li>{@link #bareX25519HkdfGcm} (the baseline): ephemeral X25519 key generation and agreement
 *       with the recipient's key, HKDF-SHA256 (Tink), AES-256-GCM seal; then the recipient's
 *       agreement, HKDF and open — ephemeral-static ECDH with no envelope, no sender binding;
 *   <li>{@link #engineEncryptDecrypt}: the open {@code UserCryptoEngine}: encrypt (keys from its
 *       cache, the version-1 envelope: an ephemeral key, two agreements per recipient, a wrapped
 *       content key, the header as associated data, a checksum) then decrypt as the recipient.
 * </ul>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Thread)
public class UserCryptoBenchmark {
  static final int SIZE = 1024;

  static Caller user(String name) {
    return new Caller(UUID.randomUUID(), name, Set.of(Role.USER), AccountType.HUMAN, null, "");
  }

  static final Caller ALICE = user("alice");
  static final Caller BOB = user("bob");

  Engine engine;
  byte[] plaintext;
  KeyPair recipient;
  KeyPairGenerator x25519;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    UserCryptoEngineType type = new UserCryptoEngineType();
    engine =
        type.open(
            new EngineContext(
                "u2u",
                type.validateConfig(Map.of()),
                new InMemoryEngineStorage(),
                Clock.systemUTC()));
    engine.handle(UserCryptoOperations.REGISTER, new Register(), ALICE);
    engine.handle(UserCryptoOperations.REGISTER, new Register(), BOB);
    plaintext = SecureRandoms.bytes(SIZE);
    x25519 = KeyPairGenerator.getInstance("X25519");
    recipient = x25519.generateKeyPair();
  }

  @Benchmark
  public byte[] bareX25519HkdfGcm() throws Exception {
    KeyPair ephemeral = x25519.generateKeyPair();
    byte[] key = derive(ephemeral.getPrivate(), recipient.getPublic());
    byte[] nonce = SecureRandoms.bytes(12);
    Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
    c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
    byte[] sealed = c.doFinal(plaintext);
    byte[] key2 = derive(recipient.getPrivate(), ephemeral.getPublic());
    Cipher d = Cipher.getInstance("AES/GCM/NoPadding");
    d.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key2, "AES"), new GCMParameterSpec(128, nonce));
    return d.doFinal(sealed);
  }

  private static byte[] derive(java.security.PrivateKey mine, PublicKey theirs) throws Exception {
    KeyAgreement ka = KeyAgreement.getInstance("X25519");
    ka.init(mine);
    ka.doPhase(theirs, true);
    return com.google.crypto.tink.subtle.Hkdf.computeHkdf(
        "HMACSHA256", ka.generateSecret(), new byte[32], new byte[16], 32);
  }

  @Benchmark
  public byte[] engineEncryptDecrypt() {
    byte[] envelope =
        engine
            .handle(
                UserCryptoOperations.ENCRYPT,
                new EncryptMessage(List.of("bob"), plaintext, null),
                ALICE)
            .envelope();
    return engine
        .handle(UserCryptoOperations.DECRYPT, new DecryptMessage(envelope), BOB)
        .plaintext();
  }
}
