package dev.metacircular.grpc;

import dev.metacircular.grpc.proto.mcp.v1.LogLine;
import io.grpc.Context;
import io.grpc.StatusRuntimeException;
import java.util.Iterator;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** Reads a followed log stream on a daemon thread until closed; {@code ended} when it stops. */
final class LogFollower {

  private LogFollower() {}

  static AutoCloseable start(
      GrpcEndpoint endpoint,
      Supplier<Iterator<LogLine>> open,
      Consumer<String> lines,
      Runnable ended) {
    Context.CancellableContext context = Context.current().withCancellation();
    Thread reader =
        new Thread(
            () ->
                context.run(
                    () -> {
                      try {
                        Iterator<LogLine> stream = open.get();
                        while (stream.hasNext()) {
                          lines.accept(stream.next().getLine());
                        }
                      } catch (StatusRuntimeException e) {
                        if (!context.isCancelled()) {
                          lines.accept("error: " + endpoint.refusal(e).getMessage());
                        }
                      } finally {
                        ended.run();
                      }
                    }),
            "mcp-logs-follow");
    reader.setDaemon(true);
    reader.start();
    return () -> {
      context.cancel(null);
      reader.join(2000);
    };
  }
}
