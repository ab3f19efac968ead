package dev.metacircular.ports.pki.in;

import dev.metacircular.ports.engine.spi.Operation;
import dev.metacircular.ports.engine.spi.ResourcePath;
import java.util.List;

/**
 * The {@code ca} engine's operations: a two-tier PKI (a root generated or imported at mount time,
 * issuers it signs, roles that say what may be certified, leaf certificates), revocation with CRLs
 * and OCSP, and ACME external account binding. Every door runs these through {@code EngineUseCase};
 * the JSON door by name with {@code data} mapped onto the same records.
 *
 * <p>Resource paths for the ACL: {@code issuers/<name>}, {@code roles/<name>} (issue, sign and
 * create-eab act on their role), {@code certs/<serial>}. Issuance, revocation and every
 * administration change are audited one by one. {@code fetch-ca}, {@code fetch-chain}, {@code
 * fetch-issuer}, {@code fetch-crl} and {@code ocsp} are public reads (no token) served under {@code
 * /v1/pki/<mount>/...}. See {@code docs/pki.md}.
 */
public final class PkiOperations {

  /** The engine type's name. */
  public static final String TYPE = "ca";

  private static final ResourcePath<IssuerName> ISSUER =
      ResourcePath.named("issuers/", "name", IssuerName::name);
  private static final ResourcePath<RoleName> ROLE =
      ResourcePath.named("roles/", "name", RoleName::name);
  private static final ResourcePath<RoleSettings> ROLE_SETTINGS =
      ResourcePath.named("roles/", "name", RoleSettings::name);
  private static final ResourcePath<CertSerial> CERT =
      ResourcePath.named("certs/", "serial_number", c -> c.serialNumber().text());

  public static final Operation<CreateIssuer, IssuerInfo> CREATE_ISSUER =
      Operation.changing(
          TYPE,
          "create-issuer",
          CreateIssuer.class,
          IssuerInfo.class,
          ResourcePath.named("issuers/", "name", CreateIssuer::name));

  public static final Operation<IssuerName, IssuerInfo> GET_ISSUER =
      Operation.reading(TYPE, "get-issuer", IssuerName.class, IssuerInfo.class, ISSUER);

  public static final Operation<ListIssuers, IssuerList> LIST_ISSUERS =
      Operation.reading(
          TYPE,
          "list-issuers",
          ListIssuers.class,
          IssuerList.class,
          ResourcePath.fixed("issuers/"));

  public static final Operation<DeleteIssuer, Deleted> DELETE_ISSUER =
      Operation.changing(
          TYPE,
          "delete-issuer",
          DeleteIssuer.class,
          Deleted.class,
          ResourcePath.named("issuers/", "name", DeleteIssuer::name));

  public static final Operation<RoleSettings, RoleInfo> CREATE_ROLE =
      Operation.changing(TYPE, "create-role", RoleSettings.class, RoleInfo.class, ROLE_SETTINGS);

  public static final Operation<RoleSettings, RoleInfo> UPDATE_ROLE =
      Operation.changing(TYPE, "update-role", RoleSettings.class, RoleInfo.class, ROLE_SETTINGS);

  public static final Operation<RoleName, RoleInfo> GET_ROLE =
      Operation.reading(TYPE, "get-role", RoleName.class, RoleInfo.class, ROLE);

  public static final Operation<ListRoles, RoleList> LIST_ROLES =
      Operation.reading(
          TYPE, "list-roles", ListRoles.class, RoleList.class, ResourcePath.fixed("roles/"));

  public static final Operation<RoleName, Deleted> DELETE_ROLE =
      Operation.changing(TYPE, "delete-role", RoleName.class, Deleted.class, ROLE);

  public static final Operation<Issue, IssuedCertificate> ISSUE =
      Operation.changing(
          TYPE,
          "issue",
          Issue.class,
          IssuedCertificate.class,
          ResourcePath.named("roles/", "role", Issue::role));

  public static final Operation<SignCsr, IssuedCertificate> SIGN =
      Operation.changing(
          TYPE,
          "sign",
          SignCsr.class,
          IssuedCertificate.class,
          ResourcePath.named("roles/", "role", SignCsr::role));

  public static final Operation<CertSerial, Revoked> REVOKE =
      Operation.changing(TYPE, "revoke", CertSerial.class, Revoked.class, CERT);

  public static final Operation<CertSerial, CertInfo> GET_CERT =
      Operation.reading(TYPE, "get-cert", CertSerial.class, CertInfo.class, CERT);

  public static final Operation<ListCerts, CertList> LIST_CERTS =
      Operation.reading(
          TYPE, "list-certs", ListCerts.class, CertList.class, ResourcePath.fixed("certs/"));

  public static final Operation<Tidy, Tidied> TIDY =
      Operation.changing(TYPE, "tidy", Tidy.class, Tidied.class, ResourcePath.fixed("certs/"));

  public static final Operation<CertSerial, IssuedCertificate> RENEW =
      Operation.changing(TYPE, "renew", CertSerial.class, IssuedCertificate.class, CERT);

  public static final Operation<RoleName, EabCredentials> CREATE_EAB =
      Operation.changing(TYPE, "create-eab", RoleName.class, EabCredentials.class, ROLE);

  public static final Operation<FetchCa, Pems> FETCH_CA =
      Operation.publicReading(TYPE, "fetch-ca", FetchCa.class, Pems.class, ResourcePath.none());

  public static final Operation<FetchCa, Pems> FETCH_CHAIN =
      Operation.publicReading(TYPE, "fetch-chain", FetchCa.class, Pems.class, ResourcePath.none());

  public static final Operation<IssuerName, Pems> FETCH_ISSUER =
      Operation.publicReading(TYPE, "fetch-issuer", IssuerName.class, Pems.class, ISSUER);

  public static final Operation<FetchCrl, Crl> FETCH_CRL =
      Operation.publicReading(
          TYPE,
          "fetch-crl",
          FetchCrl.class,
          Crl.class,
          ResourcePath.named("issuers/", "issuer", FetchCrl::issuer));

  public static final Operation<OcspRequest, OcspResponse> OCSP =
      Operation.publicReading(
          TYPE, "ocsp", OcspRequest.class, OcspResponse.class, ResourcePath.none());

  /** Every operation of the {@code ca} engine type. */
  public static final List<Operation<?, ?>> ALL =
      List.of(
          CREATE_ISSUER,
          GET_ISSUER,
          LIST_ISSUERS,
          DELETE_ISSUER,
          CREATE_ROLE,
          UPDATE_ROLE,
          GET_ROLE,
          LIST_ROLES,
          DELETE_ROLE,
          ISSUE,
          SIGN,
          REVOKE,
          GET_CERT,
          LIST_CERTS,
          TIDY,
          RENEW,
          CREATE_EAB,
          FETCH_CA,
          FETCH_CHAIN,
          FETCH_ISSUER,
          FETCH_CRL,
          OCSP);

  private PkiOperations() {}
}
