package dev.metacircular.rest.client;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A response body read into memory up to a limit: a misbehaving peer cannot make us buffer more
 * (the JDK's own byte-array handler has no bound). Intermediate buffers are wiped, since login
 * answers carry a token.
 */
final class BoundedBody implements HttpResponse.BodySubscriber<byte[]> {

  private final int limit;
  private final CompletableFuture<byte[]> result = new CompletableFuture<>();
  private Flow.Subscription subscription;
  private byte[] buffer = new byte[1024];
  private int size;

  private BoundedBody(int limit) {
    this.limit = limit;
  }

  static HttpResponse.BodyHandler<byte[]> handler(int limit) {
    return responseInfo -> new BoundedBody(limit);
  }

  @Override
  public CompletionStage<byte[]> getBody() {
    return result;
  }

  @Override
  public void onSubscribe(Flow.Subscription s) {
    subscription = s;
    s.request(Long.MAX_VALUE);
  }

  @Override
  public void onNext(List<ByteBuffer> items) {
    if (result.isDone()) {
      return;
    }
    for (ByteBuffer item : items) {
      int n = item.remaining();
      if (n > limit - size) {
        subscription.cancel();
        Arrays.fill(buffer, (byte) 0);
        result.completeExceptionally(
            new IOException("response body larger than " + limit + " bytes"));
        return;
      }
      if (size + n > buffer.length) {
        byte[] bigger =
            Arrays.copyOf(buffer, Math.min(limit, Math.max(size + n, 2 * buffer.length)));
        Arrays.fill(buffer, (byte) 0);
        buffer = bigger;
      }
      item.get(buffer, size, n);
      size += n;
    }
  }

  @Override
  public void onError(Throwable failure) {
    Arrays.fill(buffer, (byte) 0);
    result.completeExceptionally(failure);
  }

  @Override
  public void onComplete() {
    byte[] body = Arrays.copyOf(buffer, size);
    Arrays.fill(buffer, (byte) 0);
    result.complete(body);
  }
}
