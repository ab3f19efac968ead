package dev.metacircular.domain.master;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The master's bounded pipe between a snapshot and a receive: data, failures, give-ups. */
class ArchivePipeTest {

  @Test
  void everyByteArrivesInOrderThroughASmallBuffer() throws Exception {
    ArchivePipe pipe = new ArchivePipe(2);
    byte[] data = new byte[300_000];
    new Random(3).nextBytes(data);
    CompletableFuture<Void> writer =
        CompletableFuture.runAsync(
            () -> {
              try (OutputStream out = pipe.sink()) {
                for (int i = 0; i < data.length; i += 1000) {
                  out.write(data, i, Math.min(1000, data.length - i));
                }
                out.write(7);
              } catch (IOException e) {
                throw new IllegalStateException(e);
              }
            });
    byte[] read;
    try (InputStream in = pipe.source()) {
      read = in.readAllBytes();
    }
    writer.get(10, TimeUnit.SECONDS);
    assertThat(read).hasSize(data.length + 1);
    assertThat(java.util.Arrays.copyOf(read, data.length)).isEqualTo(data);
    assertThat(read[data.length]).isEqualTo((byte) 7);
  }

  @Test
  void aWriterThatFailsEndsTheReadersStreamWithAnErrorNotAnEnd() throws IOException {
    ArchivePipe pipe = new ArchivePipe(4);
    pipe.sink().write(new byte[] {1, 2, 3});
    pipe.fail("the snapshot failed: disk gone");
    InputStream in = pipe.source();
    assertThat(in.read()).isEqualTo(1);
    assertThatThrownBy(in::readAllBytes)
        .isInstanceOf(IOException.class)
        .hasMessage("the snapshot failed: disk gone");
  }

  @Test
  void aReaderThatGivesUpEndsTheWritersWritesInsteadOfBlockingThem() throws Exception {
    ArchivePipe pipe = new ArchivePipe(1);
    OutputStream out = pipe.sink();
    out.write(new byte[] {1});
    pipe.source().close();
    assertThat(pipe.readerClosed()).isTrue();
    CompletableFuture<Void> writer =
        CompletableFuture.runAsync(
            () -> {
              try {
                for (int i = 0; i < 10; i++) {
                  out.write(new byte[] {2});
                }
              } catch (IOException e) {
                throw new IllegalStateException(e.getMessage(), e);
              }
            });
    assertThatThrownBy(() -> writer.get(10, TimeUnit.SECONDS))
        .hasMessageContaining("the receiving side stopped reading");
  }
}
