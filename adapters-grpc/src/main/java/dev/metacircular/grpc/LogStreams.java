package dev.metacircular.grpc;

import dev.metacircular.grpc.proto.mcp.v1.LogLine;
import io.grpc.Context;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A followed log as a server stream: each line is one message until the client cancels, which
 * closes the follow (and with it the {@code podman logs --follow} process behind it).
 */
final class LogStreams {

  private LogStreams() {}

  static void follow(StreamObserver<LogLine> out, Function<Consumer<String>, AutoCloseable> open) {
    ServerCallStreamObserver<LogLine> call = (ServerCallStreamObserver<LogLine>) out;
    AutoCloseable handle;
    try {
      handle =
          open.apply(
              line -> {
                synchronized (call) {
                  if (!call.isCancelled()) {
                    call.onNext(LogLine.newBuilder().setLine(line).build());
                  }
                }
              });
    } catch (RuntimeException e) {
      out.onError(Statuses.of(e, Door.method()));
      return;
    }
    Runnable close =
        () -> {
          try {
            handle.close();
          } catch (Exception e) {
            // The follow is over either way.
          }
        };
    call.setOnCancelHandler(close);
    Context.current().addListener(context -> close.run(), Runnable::run);
  }
}
