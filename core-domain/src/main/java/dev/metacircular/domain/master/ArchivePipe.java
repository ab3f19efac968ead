package dev.metacircular.domain.master;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A bounded pipe between the thread that reads a snapshot from the source agent and the thread that
 * sends it to the target, so the master never holds a whole archive: at most {@code capacity}
 * chunks are in flight. Unlike {@link java.io.PipedInputStream}, a writer that fails ends the
 * reader's stream with that failure rather than with an end of stream (a truncated archive must
 * never look complete), and a reader that gives up ends the writer's writes.
 */
final class ArchivePipe {

  private static final byte[] END = new byte[0];
  private static final long POLL_MILLIS = 200;

  private final BlockingQueue<byte[]> chunks;
  private volatile String writerFailure;
  private volatile boolean readerClosed;
  // Set when the reader took the end marker: a reader that then closes finished, it did not give
  // up.
  private volatile boolean endTaken;

  ArchivePipe(int capacity) {
    this.chunks = new ArrayBlockingQueue<>(capacity);
  }

  /** The writing end; {@link OutputStream#close} marks the end of a complete archive. */
  OutputStream sink() {
    return new OutputStream() {
      private boolean closed;

      @Override
      public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        if (len > 0) {
          put(Arrays.copyOfRange(b, off, off + len));
        }
      }

      @Override
      public void close() throws IOException {
        if (!closed) {
          closed = true;
          put(END);
        }
      }
    };
  }

  /** Ends the reader's stream with a failure instead of an end. */
  void fail(String reason) {
    writerFailure = reason == null ? "the snapshot failed" : reason;
    chunks.offer(END);
  }

  /** Whether the reading end was closed (the receiver finished or gave up). */
  boolean readerClosed() {
    return readerClosed;
  }

  /** The reading end; closing it makes further writes fail. */
  InputStream source() {
    return new InputStream() {
      private byte[] current = new byte[0];
      private int position;
      private boolean ended;

      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
          return 0;
        }
        while (position == current.length) {
          if (ended) {
            return -1;
          }
          byte[] next = take();
          if (next == END) {
            if (writerFailure != null) {
              throw new IOException(writerFailure);
            }
            ended = true;
            endTaken = true;
            return -1;
          }
          current = next;
          position = 0;
        }
        int n = Math.min(len, current.length - position);
        System.arraycopy(current, position, b, off, n);
        position += n;
        return n;
      }

      @Override
      public void close() {
        readerClosed = true;
        chunks.clear();
      }
    };
  }

  private void put(byte[] chunk) throws IOException {
    try {
      while (!chunks.offer(chunk, POLL_MILLIS, TimeUnit.MILLISECONDS)) {
        if (readerClosed) {
          throw new IOException("the receiving side stopped reading");
        }
      }
      if (readerClosed && !(chunk == END && endTaken)) {
        throw new IOException("the receiving side stopped reading");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  private byte[] take() throws IOException {
    try {
      byte[] chunk = chunks.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
      while (chunk == null) {
        if (writerFailure != null) {
          throw new IOException(writerFailure);
        }
        chunk = chunks.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
      }
      return chunk;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }
}
