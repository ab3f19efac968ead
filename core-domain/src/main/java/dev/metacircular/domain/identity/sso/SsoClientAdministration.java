package dev.metacircular.domain.identity.sso;

import dev.metacircular.domain.access.Admins;
import dev.metacircular.domain.identity.audit.Auditor;
import dev.metacircular.ports.audit.IdentityAuditTypes;
import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.identity.SsoClient;
import dev.metacircular.ports.identity.SsoClientRegistration;
import dev.metacircular.ports.identity.in.SsoClientAdminUseCase;
import dev.metacircular.ports.identity.out.SsoClientStore;
import dev.metacircular.ports.identity.out.StoredSsoClient;
import dev.metacircular.ports.storage.out.Transactions;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Admin CRUD of SSO clients; each change and its audit entry commit together. */
public final class SsoClientAdministration implements SsoClientAdminUseCase {

  private final SsoClientStore clients;
  private final Transactions transactions;
  private final Auditor auditor;
  private final Clock clock;
  private final String ownAudience;

  /**
   * @param ownAudience the identity service's own audience: no SSO client may stand for it, or its
   *     access tokens would be accepted by the identity service's own (admin) API
   */
  public SsoClientAdministration(
      SsoClientStore clients,
      Transactions transactions,
      Auditor auditor,
      Clock clock,
      String ownAudience) {
    this.ownAudience = Objects.requireNonNull(ownAudience, "ownAudience");
    this.clients = Objects.requireNonNull(clients, "clients");
    this.transactions = Objects.requireNonNull(transactions, "transactions");
    this.auditor = Objects.requireNonNull(auditor, "auditor");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public SsoClientRegistration register(
      Caller caller, String clientId, String serviceName, List<String> redirectUris) {
    Admins.require(caller);
    Instant now = clock.instant();
    SsoClient client = new SsoClient(clientId, serviceName, redirectUris, now, now);
    requireOtherService(client);
    char[] secret = SsoSecrets.newSecret();
    try {
      transactions.run(
          () -> {
            clients.insert(new StoredSsoClient(client, SsoSecrets.sha256(secret)));
            auditor.record(
                IdentityAuditTypes.SSO_CLIENT_CREATED,
                caller,
                client.clientId(),
                Map.of(
                    "service",
                    client.serviceName(),
                    "redirect_uris",
                    String.join(" ", client.redirectUris())));
          });
    } catch (RuntimeException e) {
      Arrays.fill(secret, '\0');
      throw e;
    }
    return new SsoClientRegistration(client, secret);
  }

  @Override
  public List<SsoClient> list(Caller caller) {
    Admins.require(caller);
    return clients.list().stream().map(StoredSsoClient::client).toList();
  }

  @Override
  public SsoClient get(Caller caller, String clientId) {
    Admins.require(caller);
    return existing(clientId).client();
  }

  @Override
  public SsoClient update(
      Caller caller, String clientId, String serviceName, List<String> redirectUris) {
    Admins.require(caller);
    return transactions.inTransaction(
        () -> {
          StoredSsoClient old = existing(clientId);
          SsoClient changed =
              requireOtherService(
                  new SsoClient(
                      clientId,
                      serviceName,
                      redirectUris,
                      old.client().createdAt(),
                      clock.instant()));
          clients.update(new StoredSsoClient(changed, old.secretHash()));
          auditor.record(
              IdentityAuditTypes.SSO_CLIENT_UPDATED,
              caller,
              clientId,
              Map.of(
                  "service",
                  changed.serviceName(),
                  "redirect_uris",
                  String.join(" ", changed.redirectUris())));
          return changed;
        });
  }

  @Override
  public SsoClientRegistration rotateSecret(Caller caller, String clientId) {
    Admins.require(caller);
    char[] secret = SsoSecrets.newSecret();
    try {
      SsoClient client =
          transactions.inTransaction(
              () -> {
                StoredSsoClient old = existing(clientId);
                SsoClient touched =
                    new SsoClient(
                        clientId,
                        old.client().serviceName(),
                        old.client().redirectUris(),
                        old.client().createdAt(),
                        clock.instant());
                clients.update(new StoredSsoClient(touched, SsoSecrets.sha256(secret)));
                auditor.record(
                    IdentityAuditTypes.SSO_CLIENT_SECRET_ROTATED, caller, clientId, Map.of());
                return touched;
              });
      return new SsoClientRegistration(client, secret);
    } catch (RuntimeException e) {
      Arrays.fill(secret, '\0');
      throw e;
    }
  }

  @Override
  public void delete(Caller caller, String clientId) {
    Admins.require(caller);
    transactions.run(
        () -> {
          if (!clients.delete(clientId)) {
            throw new DomainException.NotFound("client not found");
          }
          auditor.record(IdentityAuditTypes.SSO_CLIENT_DELETED, caller, clientId, Map.of());
        });
  }

  private StoredSsoClient existing(String clientId) {
    return clients
        .find(clientId)
        .orElseThrow(() -> new DomainException.NotFound("client not found"));
  }

  /** An SSO client stands for a relying service, never for the identity service itself. */
  private SsoClient requireOtherService(SsoClient client) {
    if (client.serviceName().equals(ownAudience)) {
      throw new DomainException.InvalidInput(
          "service_name "
              + ownAudience
              + " is the identity service's own audience; an SSO client"
              + " must name the service it signs people in to");
    }
    return client;
  }
}
