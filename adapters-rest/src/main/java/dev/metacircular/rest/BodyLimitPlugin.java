package dev.metacircular.rest;

import io.javalin.config.JavalinState;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.plugin.Plugin;
import java.io.IOException;
import java.io.InputStream;

/**
 * Bounds request bodies. A declared {@code Content-Length} above the limit is refused before any
 * handler runs; bodies without one (chunked) are bounded while {@link JsonBodies} reads them.
 *
 * <p>Before answering 413 the rest of a moderately oversized body is read and discarded (at most
 * {@link #DRAIN_BYTES}): a server that answers and closes while the client is still sending makes
 * the client's TCP stack reset the connection, and the client never sees the 413. A body larger
 * than that is not worth receiving, and its connection is simply closed after the answer.
 */
final class BodyLimitPlugin extends Plugin<Void> {
  static final long DRAIN_BYTES = 1024 * 1024;

  private final int maxBodyBytes;

  BodyLimitPlugin(int maxBodyBytes) {
    this.maxBodyBytes = maxBodyBytes;
  }

  static HttpResponseException tooLarge() {
    return new HttpResponseException(413, HttpErrors.message(413));
  }

  /** Discards what is left of the body, up to {@link #DRAIN_BYTES}, then answers 413. */
  static HttpResponseException tooLarge(Context ctx) {
    long declared = ctx.req().getContentLengthLong();
    if (declared < 0 || declared <= DRAIN_BYTES) {
      try {
        InputStream in = ctx.req().getInputStream();
        byte[] sink = new byte[8192];
        long left = DRAIN_BYTES;
        for (int n; left > 0 && (n = in.read(sink, 0, (int) Math.min(sink.length, left))) >= 0; ) {
          left -= n;
        }
      } catch (IOException | RuntimeException clientGone) {
        // Nothing to save: the 413 goes out if the connection still allows it.
      }
    }
    return tooLarge();
  }

  @Override
  public void onInitialize(JavalinState state) {
    state.appData(JsonBodies.MAX_BODY_BYTES, maxBodyBytes);
    // Javalin's own body readers (ctx.body(), ctx.bodyAsClass()) honour the same bound.
    state.http.maxRequestSize = maxBodyBytes;
    state.routes.before(
        ctx -> {
          if (ctx.req().getContentLengthLong() > maxBodyBytes) {
            throw tooLarge(ctx);
          }
        });
  }

  @Override
  public String name() {
    return "metacircular-body-limit";
  }
}
