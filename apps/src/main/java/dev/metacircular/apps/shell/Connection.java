package dev.metacircular.apps.shell;

import dev.metacircular.grpc.GrpcCryptoClient;
import dev.metacircular.grpc.GrpcIdentityClient;
import dev.metacircular.ports.client.out.CryptoClient;
import dev.metacircular.ports.client.out.IdentityClient;
import dev.metacircular.ports.client.out.SessionClient;
import java.util.ArrayList;
import java.util.List;

/**
 * What one shell talks to: the identity service, the crypto service, or both (null when not
 * connected), the client that logs in ({@code session}, null offline), and what to close at exit.
 */
record Connection(
    IdentityClient identity,
    CryptoClient crypto,
    SessionClient session,
    boolean offline,
    List<AutoCloseable> resources)
    implements AutoCloseable {

  Connection {
    resources = List.copyOf(resources);
  }

  /** The name the prompt shows: {@code mcias}, {@code metacrypt} or {@code mc} for both. */
  String label() {
    if (identity != null && crypto != null) {
      return "mc";
    }
    return identity != null ? "mcias" : "metacrypt";
  }

  /** How the services are reached: {@code gRPC}, {@code REST}, or {@code files} offline. */
  String transport() {
    if (offline) {
      return "files";
    }
    return identity instanceof GrpcIdentityClient || crypto instanceof GrpcCryptoClient
        ? "gRPC"
        : "REST";
  }

  /** Closes in reverse order of opening; offline cores seal and wipe their keys. */
  @Override
  public void close() {
    List<AutoCloseable> reversed = new ArrayList<>(resources);
    java.util.Collections.reverse(reversed);
    for (AutoCloseable r : reversed) {
      try {
        r.close();
      } catch (Exception e) {
        // closing at exit: nothing more to do
      }
    }
  }
}
