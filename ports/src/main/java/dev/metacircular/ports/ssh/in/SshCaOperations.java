package dev.metacircular.ports.ssh.in;

import dev.metacircular.ports.engine.spi.Operation;
import dev.metacircular.ports.engine.spi.ResourcePath;
import java.util.List;

/**
 * The SSH CA engine's operations (engine type {@code sshca}): signing profiles, certificate
 * signing, the issued-certificate store, revocation, and the two public reads relying parties need
 * — the CA key and the KRL. ACL paths: {@code profiles/<name>} for the profile operations and
 * {@code sign} (the profile signed under), {@code certs/<serial>} for {@code get-cert} and {@code
 * revoke} by serial ({@code revoke} by key id names no path), {@code certs/} for the list, {@code
 * ca} and {@code krl} for the public reads. See {@code docs/ssh.md}.
 */
public final class SshCaOperations {

  /** The engine type's name. */
  public static final String TYPE = "sshca";

  private static final ResourcePath<ProfileName> PROFILE =
      ResourcePath.named("profiles/", "name", ProfileName::name);

  public static final Operation<SshProfile, SshProfile> CREATE_PROFILE =
      Operation.changing(
          TYPE,
          "create-profile",
          SshProfile.class,
          SshProfile.class,
          ResourcePath.named("profiles/", "name", SshProfile::name));

  public static final Operation<SshProfile, SshProfile> UPDATE_PROFILE =
      Operation.changing(
          TYPE,
          "update-profile",
          SshProfile.class,
          SshProfile.class,
          ResourcePath.named("profiles/", "name", SshProfile::name));

  public static final Operation<ProfileName, SshProfile> GET_PROFILE =
      Operation.reading(TYPE, "get-profile", ProfileName.class, SshProfile.class, PROFILE);

  public static final Operation<ListProfiles, ProfileList> LIST_PROFILES =
      Operation.reading(
          TYPE,
          "list-profiles",
          ListProfiles.class,
          ProfileList.class,
          ResourcePath.fixed("profiles/"));

  public static final Operation<ProfileName, ProfileDeleted> DELETE_PROFILE =
      Operation.changing(TYPE, "delete-profile", ProfileName.class, ProfileDeleted.class, PROFILE);

  /** Signing stores a certificate record: audited one by one. */
  public static final Operation<SignKey, SignedCertificate> SIGN =
      Operation.changing(
          TYPE,
          "sign",
          SignKey.class,
          SignedCertificate.class,
          ResourcePath.named("profiles/", "profile", SignKey::profile));

  public static final Operation<RevokeCertificate, Revocation> REVOKE =
      Operation.changing(
          TYPE,
          "revoke",
          RevokeCertificate.class,
          Revocation.class,
          ResourcePath.<RevokeCertificate>named(
                  "certs/", "serial_number", RevokeCertificate::serialText)
              .orElse(ResourcePath.named("certs/key-id/", "key_id", RevokeCertificate::keyId)));

  public static final Operation<ListCertificates, CertificateList> LIST_CERTS =
      Operation.reading(
          TYPE,
          "list-certs",
          ListCertificates.class,
          CertificateList.class,
          ResourcePath.fixed("certs/"));

  public static final Operation<GetCertificate, IssuedCertificate> GET_CERT =
      Operation.reading(
          TYPE,
          "get-cert",
          GetCertificate.class,
          IssuedCertificate.class,
          ResourcePath.named("certs/", "serial_number", GetCertificate::serialText));

  /** Public: {@code GET /v1/ssh/<mount>/ca}. */
  public static final Operation<GetCaKey, CaKey> GET_CA_KEY =
      Operation.publicReading(
          TYPE, "get-ca-key", GetCaKey.class, CaKey.class, ResourcePath.fixed("ca"));

  /** Public: {@code GET /v1/ssh/<mount>/krl}. */
  public static final Operation<GetKrl, Krl> GET_KRL =
      Operation.publicReading(TYPE, "get-krl", GetKrl.class, Krl.class, ResourcePath.fixed("krl"));

  /** Every SSH CA operation: the engine type's catalogue. */
  public static final List<Operation<?, ?>> ALL =
      List.of(
          CREATE_PROFILE,
          UPDATE_PROFILE,
          GET_PROFILE,
          LIST_PROFILES,
          DELETE_PROFILE,
          SIGN,
          REVOKE,
          LIST_CERTS,
          GET_CERT,
          GET_CA_KEY,
          GET_KRL);

  private SshCaOperations() {}
}
