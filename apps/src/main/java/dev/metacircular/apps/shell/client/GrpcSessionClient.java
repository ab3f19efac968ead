package dev.metacircular.apps.shell.client;

import com.google.protobuf.ByteString;

/**
 * Logging in and out over gRPC, the same flow for both services: the token a login answers is
 * kept, and a logout forgets it even when revoking it fails. Each service's own
 * {@code AuthService} (a different protobuf package per service) makes the calls.
 */
abstract class GrpcSessionClient implements SessionClient {
  final GrpcEndpoint endpoint;

  GrpcSessionClient(GrpcEndpoint endpoint) {
    this.endpoint = endpoint;
  }

  /** {@code AuthService.Login}: the token issued. */
  abstract String issueToken(String username, ByteString password, String totpCode);

  /** {@code AuthService.Logout}: revokes the current token. */
  abstract void revokeToken();

  @Override
  public final WhoAmI login(String username, char[] password, String totpCode) {
    endpoint.token().set(issueToken(username, GrpcEndpoint.secret(password), totpCode));
    return whoami();
  }

  @Override
  public final void logout() {
    try {
      revokeToken();
    } finally {
      endpoint.token().clear();
    }
  }
}
