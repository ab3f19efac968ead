package dev.metacircular.apps.service;

import com.google.inject.Module;
import com.google.inject.util.Modules;
import dev.metacircular.apps.config.ListenAddress;
import dev.metacircular.apps.config.ServerTls;
import dev.metacircular.grpc.GrpcSettings;
import dev.metacircular.rest.RestSettings;
import java.nio.file.Path;
import java.util.function.BiFunction;
import java.util.function.ToIntFunction;

/**
 * A service's listening doors: where they listen and the TLS certificate they share, from its
 * {@code [server]} keys, and the Guice modules of its REST and gRPC doors. Every service (identity,
 * crypto, and the next ones) composes its doors through this, so each door is one line in its
 * composition.
 */
public final class ServerDoors {
  private final ListenAddress https;
  private final ListenAddress grpc;
  private final RestSettings tls;

  private ServerDoors(ListenAddress https, ListenAddress grpc, RestSettings tls) {
    this.https = https;
    this.grpc = grpc;
    this.tls = tls;
  }

  /**
   * Reads the certificate and key now, so a bad TLS file fails before any database is opened.
   *
   * @param grpc the gRPC listen address, or null when the service has no gRPC door
   * @throws dev.metacircular.apps.config.ConfigException naming the setting and the file
   */
  public static ServerDoors read(ListenAddress https, ListenAddress grpc, Path cert, Path key) {
    return new ServerDoors(https, grpc, ServerTls.restSettings(https, cert, key));
  }

  /**
   * The REST door on the HTTPS listener: {@code start} is the adapter's server for the service's
   * use cases ({@code IdentityRestServer::start}); pages modules add their routes to it.
   */
  public <A> Module rest(Class<A> useCases, RestDoorModule.Start<A> start) {
    return new RestDoorModule<>(useCases, start, https, tls);
  }

  /**
   * The gRPC door on the same certificate, or no module at all when the configuration has no {@code
   * grpc_addr}: a door exists only when its address is configured.
   */
  public <A, S extends AutoCloseable> Module grpc(
      Class<A> useCases, BiFunction<A, GrpcSettings, S> start, ToIntFunction<S> port) {
    if (grpc == null) {
      return Modules.EMPTY_MODULE;
    }
    return new GrpcDoorModule<>(useCases, start, port, grpc, ServerTls.grpcSettings(grpc, tls));
  }
}
