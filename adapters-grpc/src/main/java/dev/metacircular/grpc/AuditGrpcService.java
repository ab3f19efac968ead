package dev.metacircular.grpc;

import dev.metacircular.grpc.proto.audit.v1.AuditEvent;
import dev.metacircular.grpc.proto.audit.v1.AuditServiceGrpc;
import dev.metacircular.grpc.proto.audit.v1.QueryRequest;
import dev.metacircular.grpc.proto.audit.v1.QueryResponse;
import dev.metacircular.grpc.proto.audit.v1.TailRequest;
import dev.metacircular.ports.audit.AuditFilter;
import dev.metacircular.ports.audit.in.AuditUseCase;
import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.error.DomainException;
import io.grpc.Context;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code metacircular.audit.v1.AuditService} over one service's audit log (admin; the core checks
 * again). {@code Tail} with {@code follow} polls the log for newer events (the port has no
 * subscription) every {@link #POLL} and streams each once, until the client cancels, its deadline
 * passes or the server stops.
 */
final class AuditGrpcService extends AuditServiceGrpc.AuditServiceImplBase
    implements AutoCloseable {
  static final Duration POLL = Duration.ofMillis(500);

  private final AuditUseCase audit;
  private final ScheduledExecutorService poller;

  AuditGrpcService(AuditUseCase audit) {
    this.audit = audit;
    this.poller =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "grpc-audit-tail");
              t.setDaemon(true);
              return t;
            });
  }

  @Override
  public void query(QueryRequest request, StreamObserver<QueryResponse> out) {
    Calls.unary(
        out,
        () -> {
          if (request.getLimit() < 0 || request.getLimit() > AuditFilter.MAX_LIMIT) {
            throw new DomainException.InvalidInput(
                "limit must be a whole number from 1 to " + AuditFilter.MAX_LIMIT);
          }
          AuditFilter filter =
              new AuditFilter(
                  Wire.orNull(request.getAccount()),
                  Wire.orNull(request.getType()),
                  request.hasSince() ? Wire.instant(request.getSince()) : null,
                  request.getLimit() == 0 ? AuditFilter.DEFAULT_LIMIT : request.getLimit());
          QueryResponse.Builder events = QueryResponse.newBuilder();
          audit.query(Door.caller(), filter).forEach(e -> events.addEvents(event(e)));
          return events.build();
        });
  }

  @Override
  public void tail(TailRequest request, StreamObserver<AuditEvent> out) {
    ServerCallStreamObserver<AuditEvent> stream = (ServerCallStreamObserver<AuditEvent>) out;
    Caller caller;
    List<dev.metacircular.ports.audit.AuditEvent> first;
    try {
      if (request.getN() < 0 || request.getN() > AuditFilter.MAX_LIMIT) {
        throw new DomainException.InvalidInput(
            "n must be a whole number from 1 to " + AuditFilter.MAX_LIMIT);
      }
      caller = Door.caller();
      first = audit.tail(caller, request.getN() == 0 ? AuditFilter.DEFAULT_LIMIT : request.getN());
    } catch (RuntimeException e) {
      out.onError(Statuses.of(e, Door.method()));
      return;
    }
    long lastId = -1;
    Instant newest = Instant.EPOCH;
    for (var event : first) {
      stream.onNext(event(event));
      lastId = Math.max(lastId, event.id());
      newest = event.time().isAfter(newest) ? event.time() : newest;
    }
    if (!request.getFollow()) {
      stream.onCompleted();
      return;
    }
    Follow follow = new Follow(caller, stream, lastId, newest, Door.method());
    Context.current().addListener(context -> follow.stop(), Runnable::run);
    stream.setOnCancelHandler(follow::stop);
    follow.task =
        poller.scheduleWithFixedDelay(
            follow::poll, POLL.toMillis(), POLL.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * One following tail: the highest event id it has sent (ids only grow) and the newest time it has
   * seen. A client that does not keep up is not sent more: a poll while its stream is not ready
   * sends nothing, and the next one picks up where this one would have.
   */
  private final class Follow {
    private final Caller caller;
    private final ServerCallStreamObserver<AuditEvent> stream;
    private long lastId;
    private final String method;
    private Instant newest;
    private volatile boolean stopped;
    volatile ScheduledFuture<?> task;

    Follow(
        Caller caller,
        ServerCallStreamObserver<AuditEvent> stream,
        long lastId,
        Instant newest,
        String method) {
      this.caller = caller;
      this.stream = stream;
      this.lastId = lastId;
      this.newest = newest;
      this.method = method;
    }

    synchronized void poll() {
      if (stopped || !stream.isReady()) {
        return;
      }
      try {
        List<dev.metacircular.ports.audit.AuditEvent> found =
            new ArrayList<>(
                audit.query(caller, new AuditFilter(null, null, newest, AuditFilter.MAX_LIMIT)));
        // query answers newest first; stream oldest first
        for (int i = found.size() - 1; i >= 0; i--) {
          var event = found.get(i);
          if (event.id() > lastId) {
            stream.onNext(event(event));
            lastId = event.id();
            newest = event.time().isAfter(newest) ? event.time() : newest;
          }
        }
      } catch (RuntimeException e) {
        stop();
        try {
          stream.onError(Statuses.of(e, method));
        } catch (RuntimeException alreadyClosed) {
          // the client went away between the query and the answer
        }
      }
    }

    void stop() {
      stopped = true;
      ScheduledFuture<?> t = task;
      if (t != null) {
        t.cancel(false);
      }
    }
  }

  static AuditEvent event(dev.metacircular.ports.audit.AuditEvent e) {
    AuditEvent.Builder out =
        AuditEvent.newBuilder()
            .setId(e.id())
            .setTime(Wire.timestamp(e.time()))
            .setType(e.type())
            .putAllDetails(e.details());
    if (e.actor() != null) {
      out.setActor(e.actor());
    }
    if (e.subject() != null) {
      out.setSubject(e.subject());
    }
    if (e.sourceAddress() != null) {
      out.setSourceAddress(e.sourceAddress());
    }
    return out.build();
  }

  @Override
  public void close() {
    poller.shutdownNow();
  }
}
