package dev.metacircular.sqlite;

import dev.metacircular.ports.storage.StorageWrite;
import dev.metacircular.ports.storage.out.PhysicalStorage;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * The child process of {@link BarrierKillDurabilityTest}: applies batches forever and reports each
 * one on stdout only after it was acknowledged (apply returned), until it is killed.
 */
final class BarrierDurabilityWriter {

  private BarrierDurabilityWriter() {}

  public static void main(String[] args) {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    PhysicalStorage physical = SqliteCryptoStorage.open(Path.of(args[0])).physical();
    for (int n = 1; ; n++) {
      physical.apply(
          List.of(
              StorageWrite.put(entry(n), value(n)),
              StorageWrite.put("counter", Integer.toString(n).getBytes(StandardCharsets.UTF_8))));
      out.println("acked " + n);
    }
  }

  static String entry(int n) {
    return String.format("entries/%08d", n);
  }

  /** A few kilobytes, so that entries spill over pages as ciphertext does. */
  static byte[] value(int n) {
    byte[] value = new byte[3000 + n % 1000];
    for (int i = 0; i < value.length; i++) {
      value[i] = (byte) (n * 31 + i);
    }
    return value;
  }
}
