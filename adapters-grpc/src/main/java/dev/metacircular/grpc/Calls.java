package dev.metacircular.grpc;

import io.grpc.stub.StreamObserver;
import java.util.function.Supplier;

/** Runs a unary method body and answers with its result or its mapped status. */
final class Calls {
  private Calls() {}

  static <T> void unary(StreamObserver<T> out, Supplier<T> body) {
    T value;
    try {
      value = body.get();
    } catch (RuntimeException e) {
      out.onError(Statuses.of(e, Door.method()));
      return;
    }
    out.onNext(value);
    out.onCompleted();
  }
}
