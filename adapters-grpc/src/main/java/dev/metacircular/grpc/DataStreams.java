package dev.metacircular.grpc;

import com.google.protobuf.ByteString;
import dev.metacircular.grpc.proto.mcp.v1.DataChunk;
import dev.metacircular.grpc.proto.mcp.v1.Empty;
import io.grpc.Context;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Service snapshots (mcp migrate) as gRPC streams of {@link DataChunk}s of 63 KiB, both ways, with
 * flow control: a sender waits while the other side's window is full, so neither side buffers more
 * than a few chunks of an archive however large it is.
 */
final class DataStreams {

  /** 63 KiB of data: with the service's name and framing, a message stays under the 64 KiB cap. */
  static final int CHUNK = 63 * 1024;

  /** How long one transfer may take before its deadline cancels it. */
  static final Duration TRANSFER_TIMEOUT = Duration.ofMinutes(30);

  private static final long WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
  private static final Object END = new Object();

  private DataStreams() {}

  // --- server side ------------------------------------------------------------------------------

  /** Answers a server stream with what {@code body} writes, in chunks, then completes it. */
  static void send(StreamObserver<DataChunk> out, Consumer<OutputStream> body) {
    ServerCallStreamObserver<DataChunk> call = (ServerCallStreamObserver<DataChunk>) out;
    try (ChunkSink sink = new ChunkSink(call::onNext, call::isReady, call::isCancelled)) {
      body.accept(sink);
    } catch (RuntimeException e) {
      if (!call.isCancelled()) {
        out.onError(Statuses.of(e, Door.method()));
      }
      return;
    } catch (IOException e) {
      if (!call.isCancelled()) {
        out.onError(Statuses.of(new UncheckedIOException(e), Door.method()));
      }
      return;
    }
    out.onCompleted();
  }

  /**
   * Reads a client stream whose first chunk names the service: {@code body} runs on its own thread
   * with the service and the stream of the chunks' data, and the call answers when it returns.
   */
  static StreamObserver<DataChunk> receive(
      StreamObserver<Empty> out, BiConsumer<String, InputStream> body) {
    ServerCallStreamObserver<Empty> call = (ServerCallStreamObserver<Empty>) out;
    call.disableAutoRequest();
    BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    call.setOnCancelHandler(
        () -> queue.offer(new IOException("the sender cancelled the transfer")));
    String method = Door.method();
    Runnable work =
        Context.current()
            .wrap(
                () -> {
                  try (ChunkSource source = new ChunkSource(queue, () -> call.request(1))) {
                    String service = source.firstService();
                    body.accept(service, source);
                    out.onNext(Empty.getDefaultInstance());
                    out.onCompleted();
                  } catch (RuntimeException e) {
                    fail(call, Statuses.of(e, method));
                  } catch (IOException e) {
                    fail(call, Statuses.of(new UncheckedIOException(e), method));
                  }
                });
    Thread worker = new Thread(work, "mcp-receive");
    worker.setDaemon(true);
    worker.start();
    call.request(1);
    return new StreamObserver<>() {
      @Override
      public void onNext(DataChunk chunk) {
        queue.offer(chunk);
      }

      @Override
      public void onError(Throwable t) {
        queue.offer(new IOException("the transfer broke off: " + t.getMessage()));
      }

      @Override
      public void onCompleted() {
        queue.offer(END);
      }
    };
  }

  private static void fail(ServerCallStreamObserver<Empty> call, StatusRuntimeException status) {
    if (!call.isCancelled()) {
      call.onError(status);
    }
  }

  // --- client side ------------------------------------------------------------------------------

  /** Writes a server stream's chunks to {@code out}; a failed write cancels the stream. */
  static void download(
      GrpcEndpoint endpoint,
      java.util.function.Supplier<Iterator<DataChunk>> open,
      OutputStream out) {
    // The stream is opened inside a cancellable context: leaving early ends the call at once.
    Context.CancellableContext context = Context.current().withCancellation();
    try {
      context.run(
          () ->
              endpoint.run(
                  () -> {
                    Iterator<DataChunk> chunks = open.get();
                    while (chunks.hasNext()) {
                      try {
                        chunks.next().getData().writeTo(out);
                      } catch (IOException e) {
                        throw new UncheckedIOException(
                            "the snapshot could not be passed on: " + e.getMessage(), e);
                      }
                    }
                  }));
    } finally {
      context.cancel(null);
    }
  }

  /**
   * Sends {@code archive} as a client stream whose first chunk names {@code service}, and waits for
   * the answer; an archive that cannot be read cancels the call (the receiver keeps nothing).
   */
  static void upload(
      GrpcEndpoint endpoint,
      Function<StreamObserver<Empty>, StreamObserver<DataChunk>> open,
      String service,
      InputStream archive) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    AtomicReference<ClientCallStreamObserver<DataChunk>> callRef = new AtomicReference<>();
    ClientResponseObserver<DataChunk, Empty> answers =
        new ClientResponseObserver<>() {
          @Override
          public void beforeStart(ClientCallStreamObserver<DataChunk> requests) {
            callRef.set(requests);
          }

          @Override
          public void onNext(Empty value) {}

          @Override
          public void onError(Throwable t) {
            done.completeExceptionally(t);
          }

          @Override
          public void onCompleted() {
            done.complete(null);
          }
        };
    StreamObserver<DataChunk> requests = open.apply(answers);
    ClientCallStreamObserver<DataChunk> call = callRef.get();
    byte[] buffer = new byte[CHUNK];
    boolean first = true;
    try {
      while (true) {
        int n = archive.readNBytes(buffer, 0, buffer.length);
        if (n == 0 && !first) {
          break;
        }
        while (!call.isReady() && !done.isDone()) {
          LockSupport.parkNanos(WAIT_NANOS);
        }
        if (done.isDone()) {
          break;
        }
        DataChunk.Builder chunk = DataChunk.newBuilder().setData(ByteString.copyFrom(buffer, 0, n));
        if (first) {
          chunk.setService(service);
          first = false;
        }
        requests.onNext(chunk.build());
        if (n < buffer.length) {
          break;
        }
      }
      if (!done.isDone()) {
        requests.onCompleted();
      }
    } catch (IOException | RuntimeException e) {
      call.cancel("the archive could not be read", e);
      throw new UncheckedIOException(
          "the snapshot could not be read: " + e.getMessage(),
          e instanceof IOException io ? io : new IOException(e));
    }
    try {
      done.get(TRANSFER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof StatusRuntimeException status) {
        throw endpoint.refusal(status);
      }
      throw new IllegalStateException(e.getCause());
    } catch (TimeoutException e) {
      call.cancel("timed out", e);
      throw new dev.metacircular.ports.client.Unreachable(
          endpoint.address() + " did not answer in time");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      call.cancel("interrupted", e);
      throw new dev.metacircular.ports.client.Unreachable("interrupted");
    }
  }

  // --- the streams ------------------------------------------------------------------------------

  /** An output stream that sends full chunks, waiting while the receiver's window is full. */
  private static final class ChunkSink extends OutputStream {
    private final Consumer<DataChunk> send;
    private final java.util.function.BooleanSupplier ready;
    private final java.util.function.BooleanSupplier cancelled;
    private final byte[] buffer = new byte[CHUNK];
    private int filled;

    ChunkSink(
        Consumer<DataChunk> send,
        java.util.function.BooleanSupplier ready,
        java.util.function.BooleanSupplier cancelled) {
      this.send = send;
      this.ready = ready;
      this.cancelled = cancelled;
    }

    @Override
    public void write(int b) throws IOException {
      if (filled == buffer.length) {
        flushChunk();
      }
      buffer[filled++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      while (len > 0) {
        if (filled == buffer.length) {
          flushChunk();
        }
        int n = Math.min(len, buffer.length - filled);
        System.arraycopy(b, off, buffer, filled, n);
        filled += n;
        off += n;
        len -= n;
      }
    }

    @Override
    public void close() throws IOException {
      if (filled > 0) {
        flushChunk();
      }
    }

    private void flushChunk() throws IOException {
      while (!ready.getAsBoolean()) {
        if (cancelled.getAsBoolean()) {
          throw new IOException("the receiver cancelled the transfer");
        }
        LockSupport.parkNanos(WAIT_NANOS);
      }
      send.accept(DataChunk.newBuilder().setData(ByteString.copyFrom(buffer, 0, filled)).build());
      filled = 0;
    }
  }

  /** The data of a client stream's chunks, asking for the next chunk as each one is taken. */
  private static final class ChunkSource extends InputStream {
    private final BlockingQueue<Object> queue;
    private final Runnable requestNext;
    private DataChunk first;
    private ByteString current = ByteString.EMPTY;
    private int position;
    private boolean ended;

    ChunkSource(BlockingQueue<Object> queue, Runnable requestNext) {
      this.queue = queue;
      this.requestNext = requestNext;
    }

    /** The service the first chunk names. */
    String firstService() throws IOException {
      Object next = take();
      if (next == END) {
        throw new IOException("the transfer named no service");
      }
      first = (DataChunk) next;
      if (first.getService().isEmpty()) {
        throw new dev.metacircular.ports.error.DomainException.InvalidInput(
            "the first chunk of a transfer must name the service");
      }
      current = first.getData();
      position = 0;
      return first.getService();
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      while (position == current.size()) {
        if (ended) {
          return -1;
        }
        Object next = take();
        if (next == END) {
          ended = true;
          return -1;
        }
        current = ((DataChunk) next).getData();
        position = 0;
      }
      int n = Math.min(len, current.size() - position);
      current.copyTo(b, position, off, n);
      position += n;
      return n;
    }

    private Object take() throws IOException {
      Object next;
      try {
        next = queue.poll(TRANSFER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted", e);
      }
      if (next == null) {
        throw new IOException("the sender went silent");
      }
      if (next instanceof IOException e) {
        throw e;
      }
      if (next != END) {
        requestNext.run();
      }
      return next;
    }
  }
}
