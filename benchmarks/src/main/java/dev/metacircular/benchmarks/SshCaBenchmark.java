package dev.metacircular.benchmarks;

import dev.metacircular.crypto.SecureRandoms;
import dev.metacircular.crypto.ssh.SshCertificate;
import dev.metacircular.crypto.ssh.SshKeyType;
import dev.metacircular.crypto.ssh.SshKrl;
import dev.metacircular.crypto.ssh.SshPublicKey;
import dev.metacircular.crypto.ssh.SshSigningKey;
import dev.metacircular.domain.engine.sshca.SshCaEngineType;
import dev.metacircular.domain.memory.InMemoryEngineStorage;
import dev.metacircular.ports.auth.AccountType;
import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.auth.Role;
import dev.metacircular.ports.engine.spi.Engine;
import dev.metacircular.ports.engine.spi.EngineContext;
import dev.metacircular.ports.ssh.in.SignKey;
import dev.metacircular.ports.ssh.in.SignedCertificate;
import dev.metacircular.ports.ssh.in.SshCaOperations;
import dev.metacircular.ports.ssh.in.SshProfile;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The SSH CA's {@code sign} (Ed25519 CA) beside a bare Ed25519 signature of the same certificate
 * body, and the KRL rebuilt for 100,000 revoked serials.
 *
 * <ul>
 *   <li>{@link #bareEd25519Sign} (the baseline): Bouncy Castle's Ed25519 over a certificate body
 *       built once — the signature alone;
 *   <li>{@link #engineSign}: the open {@code SshCaEngine} with a typed {@code SignKey}: the profile
 *       read from storage, the key line parsed and checked, principals matched, a fresh serial and
 *       nonce, the body encoded, signed, and the certificate record written;
 *   <li>{@link #krl100k} (average time): {@code SshKrl.build} and {@code sign} for 100,000 random
 *       serials, what every revocation regenerates.
 * </ul>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Thread)
public class SshCaBenchmark {
  static final Caller ALICE =
      new Caller(UUID.randomUUID(), "alice", Set.of(Role.USER), AccountType.HUMAN, null, "");

  Engine engine;
  SignKey request;
  byte[] body;
  Ed25519PrivateKeyParameters bareKey;

  @Setup(Level.Trial)
  public void setUp() {
    SshCaEngineType type = new SshCaEngineType();
    engine =
        type.open(
            new EngineContext(
                "ssh",
                type.validateConfig(Map.of()),
                new InMemoryEngineStorage(),
                Clock.systemUTC()));
    engine.handle(
        SshCaOperations.CREATE_PROFILE,
        new SshProfile(
            "dev",
            "user",
            List.of("{{username}}"),
            null,
            null,
            Map.of("permit-pty", ""),
            null,
            null,
            null,
            null),
        ALICE);
    SshPublicKey user =
        SshSigningKey.generate(SshKeyType.ED25519, SecureRandoms.instance()).publicKey();
    request = new SignKey("dev", user.line("alice@laptop"), List.of("alice"), null, null);
    SshSigningKey ca = SshSigningKey.generate(SshKeyType.ED25519, SecureRandoms.instance());
    body =
        new SshCertificate(
                user,
                SecureRandoms.bytes(32),
                42,
                SshCertificate.USER,
                "alice-42",
                List.of("alice"),
                1,
                2,
                new TreeMap<>(),
                new TreeMap<>(Map.of("permit-pty", "")))
            .body(ca.publicKey());
    bareKey = new Ed25519PrivateKeyParameters(SecureRandoms.instance());
  }

  @Benchmark
  public byte[] bareEd25519Sign() {
    Ed25519Signer signer = new Ed25519Signer();
    signer.init(true, bareKey);
    signer.update(body, 0, body.length);
    return signer.generateSignature();
  }

  @Benchmark
  public SignedCertificate engineSign() {
    return engine.handle(SshCaOperations.SIGN, request, ALICE);
  }

  /** 100,000 revoked serials and the CA that signs their KRL. */
  @State(Scope.Benchmark)
  public static class Revoked {
    final List<Long> serials = new ArrayList<>();
    SshSigningKey ca;

    @Setup(Level.Trial)
    public void setUp() {
      ca = SshSigningKey.generate(SshKeyType.ED25519, SecureRandoms.instance());
      java.util.Random random = new java.util.Random(7);
      while (serials.size() < 100_000) {
        long s = random.nextLong();
        if (s != 0) {
          serials.add(s);
        }
      }
    }
  }

  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public byte[] krl100k(Revoked r) {
    return SshKrl.sign(
        SshKrl.build(r.ca.publicKey(), r.serials, List.of(), 2, 1_800_000_000L, "bench"), r.ca);
  }
}
