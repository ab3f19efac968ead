package dev.metacircular.benchmarks;

import dev.metacircular.domain.memory.InMemoryAuditLog;
import dev.metacircular.domain.memory.InMemoryPhysicalStorage;
import dev.metacircular.domain.seal.Barrier;
import dev.metacircular.domain.seal.SealLifecycle;
import dev.metacircular.ports.audit.out.AuditLog;
import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.engine.out.EngineStorage;
import dev.metacircular.ports.storage.out.PhysicalStorage;
import dev.metacircular.sqlite.SqliteCryptoStorage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
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
 * The seal barrier's reads and writes of a {@value #SIZE}-byte value against the physical storage
 * beneath it doing the same reads and writes of the same number of bytes, in the same run.
 *
 * <ul>
 *   <li>{@link #rawGet} / {@link #rawPut} (the baselines): {@link PhysicalStorage} get / put of a
 *       value exactly as long as the barrier stores (the sealed form of {@value #SIZE} bytes),
 *       different on every put as a sealed value is;
 *   <li>{@link #systemGet} / {@link #systemPut}: {@link Barrier#get} / {@link Barrier#put} of a
 *       system entry ({@code sys/...}): the read lock and state check, AES-256-GCM under the active
 *       master key with the path as associated data, and (put) the path's stripe lock;
 *   <li>{@link #mountGet} / {@link #mountPut}: a mount's {@link EngineStorage} get / put of an
 *       entry under {@code engine/<mount>/}: the same, under the mount's data encryption key.
 * </ul>
 *
 * The ratio is what the barrier's sealing and locking cost on top of the storage. The storage is a
 * {@code @Param}: {@link InMemoryPhysicalStorage}, or {@link SqliteCryptoStorage} on a file in a
 * temporary directory (WAL, {@code synchronous=FULL}: every put is a durable commit). The seal KDF
 * is cheap because init is setup here.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
public class BarrierBenchmark {

  static final int SIZE = 1024;
  static final String SYSTEM_PATH = "sys/bench/entry";
  static final String MOUNT = "bench";
  static final String MOUNT_PATH = "data/entry";
  static final String RAW_PATH = "raw/bench/entry";

  @Param({"memory", "sqlite"})
  public String storage;

  private Path dir;
  private SqliteCryptoStorage sqlite;
  private PhysicalStorage physical;
  private SealLifecycle seal;
  private Barrier barrier;
  private EngineStorage mountStorage;
  private byte[] value;
  private byte[] rawValue;
  private long putCounter;

  @Setup
  public void setup() throws IOException {
    AuditLog audit;
    if (storage.equals("sqlite")) {
      dir = Files.createTempDirectory("mc-bench-barrier-");
      sqlite = SqliteCryptoStorage.open(dir.resolve("metacrypt.db"));
      physical = sqlite.physical();
      audit = sqlite.audit();
    } else if (storage.equals("memory")) {
      physical = new InMemoryPhysicalStorage();
      audit = new InMemoryAuditLog();
    } else {
      throw new IllegalArgumentException("storage is memory or sqlite, not " + storage);
    }
    seal =
        new SealLifecycle(
            physical, CryptoFixture.CHEAP_SEAL, Clock.systemUTC(), audit, Runnable::run);
    seal.initialize("a benchmark seal password".toCharArray());
    barrier = seal.barrier();
    mountStorage = barrier.mountStorage(MOUNT);
    value = new byte[SIZE];
    new SecureRandom().nextBytes(value);
    barrier.put(SYSTEM_PATH, value);
    mountStorage.put(MOUNT_PATH, value);
    // The baseline moves exactly as many bytes as the barrier stores for one value.
    int sealedLength = physical.get(SYSTEM_PATH).orElseThrow().length;
    rawValue = Arrays.copyOf(physical.get(SYSTEM_PATH).orElseThrow(), sealedLength);
    physical.put(RAW_PATH, rawValue);

    // Measure only the success path: a broken setup must fail, not time an empty read.
    require(Arrays.equals(systemGet().orElseThrow(), value), "system get");
    require(Arrays.equals(mountGet().orElseThrow(), value), "mount get");
    require(rawGet().orElseThrow().length == sealedLength, "raw get");
    require(sealedLength > SIZE, "sealed form longer than the value");
  }

  @TearDown
  public void tearDown() {
    seal.seal(Caller.offlineTool("bench"));
    if (sqlite != null) {
      sqlite.close();
      TempDirs.deleteTree(dir);
    }
  }

  /** The sealed length of one value, for the smoke test. */
  int rawLength() {
    return rawValue.length;
  }

  @Benchmark
  public Optional<byte[]> rawGet() {
    return physical.get(RAW_PATH);
  }

  /**
   * The value changes on every call, as a sealed value does (fresh nonce): SQLite skips writing a
   * row whose new content is byte-identical to the old, which would make the baseline a no-op
   * commit with no fsync.
   */
  @Benchmark
  public void rawPut() {
    long n = ++putCounter;
    for (int i = 0; i < 8; i++) {
      rawValue[i] = (byte) (n >>> (8 * i));
    }
    physical.put(RAW_PATH, rawValue);
  }

  @Benchmark
  public Optional<byte[]> systemGet() {
    return barrier.get(SYSTEM_PATH);
  }

  @Benchmark
  public void systemPut() {
    barrier.put(SYSTEM_PATH, value);
  }

  @Benchmark
  public Optional<byte[]> mountGet() {
    return mountStorage.get(MOUNT_PATH);
  }

  @Benchmark
  public void mountPut() {
    mountStorage.put(MOUNT_PATH, value);
  }

  private static void require(boolean ok, String what) {
    if (!ok) {
      throw new IllegalStateException(what + " failed: setup is broken");
    }
  }
}
