package dev.metacircular.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.databind.JsonNode;
import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.identity.IssuedToken;
import dev.metacircular.ports.identity.Passkey;
import dev.metacircular.ports.identity.PasskeyChallenge;
import dev.metacircular.ports.identity.in.PasskeyUseCase;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Passkeys (WebAuthn): registration for the caller's account, sign-in, listing and removal. The
 * WebAuthn options are passed through as the JSON object the core produced; the browser's
 * credential comes in as a JSON object and goes to the core as text.
 */
final class PasskeyController {
  private final PasskeyUseCase passkeys;

  PasskeyController(PasskeyUseCase passkeys) {
    this.passkeys = passkeys;
  }

  void startRegistration(Context ctx, Caller caller) {
    JsonBodies.write(ctx, 200, ChallengeView.of(passkeys.startRegistration(caller)));
  }

  void finishRegistration(Context ctx, Caller caller) {
    FinishRequest r = JsonBodies.read(ctx, FinishRequest.class);
    Passkey p =
        passkeys.finishRegistration(
            caller, required(r.requestId(), "request_id"), credential(r.credential()), r.name());
    JsonBodies.write(ctx, 201, PasskeyView.of(p));
  }

  void startLogin(Context ctx) {
    StartLoginRequest r =
        JsonBodies.readOptional(ctx, StartLoginRequest.class).orElse(new StartLoginRequest(null));
    JsonBodies.write(ctx, 200, ChallengeView.of(passkeys.startLogin(r.username(), ctx.ip())));
  }

  void finishLogin(Context ctx) {
    FinishLoginRequest r = JsonBodies.read(ctx, FinishLoginRequest.class);
    IssuedToken token =
        passkeys.finishLogin(
            required(r.requestId(), "request_id"),
            credential(r.credential()),
            r.serviceName(),
            ctx.ip());
    JsonBodies.write(ctx, 200, SessionController.TokenView.of(token));
  }

  /** The caller's passkeys, or with {@code ?account_id=} another account's (admins). */
  void list(Context ctx, Caller caller) {
    List<PasskeyView> list =
        passkeys.list(caller, target(ctx, caller)).stream().map(PasskeyView::of).toList();
    JsonBodies.write(ctx, 200, new PasskeyList(list));
  }

  void remove(Context ctx, Caller caller) {
    passkeys.remove(caller, target(ctx, caller), ctx.pathParam("credentialId"));
    JsonBodies.write(ctx, 200, StatusView.OK);
  }

  private static UUID target(Context ctx, Caller caller) {
    String id = ctx.queryParam("account_id");
    UUID target = id != null ? Ids.accountId(id) : caller.accountId();
    if (target == null) {
      throw new DomainException.InvalidInput("account_id is required");
    }
    return target;
  }

  private static String required(String value, String field) {
    if (value == null || value.isEmpty()) {
      throw new DomainException.InvalidInput(field + " is required");
    }
    return value;
  }

  private static String credential(JsonNode node) {
    if (node == null || !node.isObject()) {
      throw new DomainException.InvalidInput("credential must be a JSON object");
    }
    return node.toString();
  }

  record FinishRequest(String requestId, JsonNode credential, String name) {}

  record StartLoginRequest(String username) {}

  record FinishLoginRequest(String requestId, JsonNode credential, String serviceName) {}

  /** {@code options} is the WebAuthn JSON as produced by the core, embedded as an object. */
  record ChallengeView(String requestId, @JsonRawValue String options, Instant expiresAt) {
    static ChallengeView of(PasskeyChallenge c) {
      return new ChallengeView(c.requestId(), c.optionsJson(), c.expiresAt());
    }
  }

  @JsonInclude(JsonInclude.Include.ALWAYS)
  record PasskeyView(
      String credentialId,
      String accountId,
      String name,
      long signatureCount,
      Instant createdAt,
      Instant lastUsedAt) {
    static PasskeyView of(Passkey p) {
      return new PasskeyView(
          p.credentialId(),
          p.accountId().toString(),
          p.name(),
          p.signatureCount(),
          p.createdAt(),
          p.lastUsedAt());
    }
  }

  record PasskeyList(List<PasskeyView> passkeys) {}
}
