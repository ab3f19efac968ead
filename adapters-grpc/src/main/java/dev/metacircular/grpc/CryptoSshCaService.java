package dev.metacircular.grpc;

import dev.metacircular.grpc.proto.sshca.v1.CaKey;
import dev.metacircular.grpc.proto.sshca.v1.DeleteProfileResponse;
import dev.metacircular.grpc.proto.sshca.v1.GetCaKeyRequest;
import dev.metacircular.grpc.proto.sshca.v1.GetCertRequest;
import dev.metacircular.grpc.proto.sshca.v1.GetKrlRequest;
import dev.metacircular.grpc.proto.sshca.v1.IssuedCertificate;
import dev.metacircular.grpc.proto.sshca.v1.Krl;
import dev.metacircular.grpc.proto.sshca.v1.ListCertsRequest;
import dev.metacircular.grpc.proto.sshca.v1.ListCertsResponse;
import dev.metacircular.grpc.proto.sshca.v1.ListProfilesRequest;
import dev.metacircular.grpc.proto.sshca.v1.ListProfilesResponse;
import dev.metacircular.grpc.proto.sshca.v1.Profile;
import dev.metacircular.grpc.proto.sshca.v1.ProfileNameRequest;
import dev.metacircular.grpc.proto.sshca.v1.ProfileRequest;
import dev.metacircular.grpc.proto.sshca.v1.RevokeRequest;
import dev.metacircular.grpc.proto.sshca.v1.RevokeResponse;
import dev.metacircular.grpc.proto.sshca.v1.SignRequest;
import dev.metacircular.grpc.proto.sshca.v1.SignResponse;
import dev.metacircular.grpc.proto.sshca.v1.SshCaServiceGrpc;
import dev.metacircular.ports.engine.in.EngineUseCase;
import dev.metacircular.ports.engine.spi.Operation;
import dev.metacircular.ports.ssh.in.CertificateList;
import dev.metacircular.ports.ssh.in.GetCaKey;
import dev.metacircular.ports.ssh.in.GetCertificate;
import dev.metacircular.ports.ssh.in.GetKrl;
import dev.metacircular.ports.ssh.in.ListCertificates;
import dev.metacircular.ports.ssh.in.ListProfiles;
import dev.metacircular.ports.ssh.in.ProfileName;
import dev.metacircular.ports.ssh.in.Revocation;
import dev.metacircular.ports.ssh.in.RevokeCertificate;
import dev.metacircular.ports.ssh.in.SerialNumber;
import dev.metacircular.ports.ssh.in.SignKey;
import dev.metacircular.ports.ssh.in.SignedCertificate;
import dev.metacircular.ports.ssh.in.SshCaOperations;
import dev.metacircular.ports.ssh.in.SshProfile;
import dev.metacircular.ports.ssh.in.SshTtl;
import io.grpc.stub.StreamObserver;
import java.util.function.Supplier;

/**
 * {@code metacircular.sshca.v1.SshCaService}: the SSH CA's operations, typed. Each RPC builds the
 * operation's request record from its message and runs it through {@link EngineUseCase} (the ACL,
 * audit and refusals are the core's, identical to the JSON door's); {@code GetCaKey} and {@code
 * GetKrl} run as public reads, without a token.
 */
final class CryptoSshCaService extends SshCaServiceGrpc.SshCaServiceImplBase {
  private final EngineUseCase operations;

  CryptoSshCaService(EngineUseCase operations) {
    this.operations = operations;
  }

  @Override
  public void createProfile(ProfileRequest request, StreamObserver<Profile> out) {
    Calls.unary(
        out,
        () ->
            profile(
                run(
                    request.getMount(),
                    SshCaOperations.CREATE_PROFILE,
                    request.getProfile().getName(),
                    () -> profile(request.getProfile()))));
  }

  @Override
  public void updateProfile(ProfileRequest request, StreamObserver<Profile> out) {
    Calls.unary(
        out,
        () ->
            profile(
                run(
                    request.getMount(),
                    SshCaOperations.UPDATE_PROFILE,
                    request.getProfile().getName(),
                    () -> profile(request.getProfile()))));
  }

  @Override
  public void getProfile(ProfileNameRequest request, StreamObserver<Profile> out) {
    Calls.unary(
        out,
        () ->
            profile(
                run(
                    request.getMount(),
                    SshCaOperations.GET_PROFILE,
                    request.getName(),
                    () -> new ProfileName(request.getName()))));
  }

  @Override
  public void listProfiles(ListProfilesRequest request, StreamObserver<ListProfilesResponse> out) {
    Calls.unary(
        out,
        () ->
            ListProfilesResponse.newBuilder()
                .addAllProfiles(
                    run(request.getMount(), SshCaOperations.LIST_PROFILES, "", ListProfiles::new)
                        .profiles())
                .build());
  }

  @Override
  public void deleteProfile(ProfileNameRequest request, StreamObserver<DeleteProfileResponse> out) {
    Calls.unary(
        out,
        () ->
            DeleteProfileResponse.newBuilder()
                .setName(
                    run(
                            request.getMount(),
                            SshCaOperations.DELETE_PROFILE,
                            request.getName(),
                            () -> new ProfileName(request.getName()))
                        .name())
                .build());
  }

  @Override
  public void sign(SignRequest request, StreamObserver<SignResponse> out) {
    Calls.unary(
        out,
        () -> {
          SignedCertificate s =
              run(
                  request.getMount(),
                  SshCaOperations.SIGN,
                  request.getProfile(),
                  () ->
                      new SignKey(
                          request.getProfile(),
                          request.getPublicKey(),
                          request.getPrincipalsList(),
                          request.getTtl().isEmpty() ? null : SshTtl.parse("ttl", request.getTtl()),
                          Wire.orNull(request.getKeyId())));
          SignResponse.Builder b =
              SignResponse.newBuilder()
                  .setCertificate(s.certificate())
                  .setSerialNumber(s.serialNumber().text())
                  .setKeyId(s.keyId())
                  .setCertType(s.certType())
                  .addAllPrincipals(s.principals())
                  .setValidAfter(Wire.timestamp(s.validAfter()))
                  .setValidBefore(Wire.timestamp(s.validBefore()))
                  .setTtl(s.ttl().text())
                  .setTtlCapped(s.ttlCapped());
          if (s.notice() != null) {
            b.setNotice(s.notice());
          }
          return b.build();
        });
  }

  @Override
  public void revoke(RevokeRequest request, StreamObserver<RevokeResponse> out) {
    Calls.unary(
        out,
        () -> {
          Revocation r =
              run(
                  request.getMount(),
                  SshCaOperations.REVOKE,
                  request.getSerialNumber(),
                  () ->
                      new RevokeCertificate(
                          request.getSerialNumber().isEmpty()
                              ? null
                              : SerialNumber.parse("serial_number", request.getSerialNumber()),
                          Wire.orNull(request.getKeyId())));
          RevokeResponse.Builder b =
              RevokeResponse.newBuilder()
                  .addAllSerialNumbers(r.serialNumbers().stream().map(SerialNumber::text).toList())
                  .setKrlVersion(r.krlVersion());
          if (r.keyId() != null) {
            b.setKeyId(r.keyId());
          }
          if (r.revokedAt() != null) {
            b.setRevokedAt(Wire.timestamp(r.revokedAt()));
          }
          return b.build();
        });
  }

  @Override
  public void listCerts(ListCertsRequest request, StreamObserver<ListCertsResponse> out) {
    Calls.unary(
        out,
        () -> {
          CertificateList list =
              run(
                  request.getMount(),
                  SshCaOperations.LIST_CERTS,
                  "",
                  () ->
                      new ListCertificates(
                          Wire.orNull(request.getPrincipal()),
                          request.hasRevoked() ? request.getRevoked() : null));
          ListCertsResponse.Builder b = ListCertsResponse.newBuilder();
          list.certs().forEach(c -> b.addCerts(issued(c)));
          return b.build();
        });
  }

  @Override
  public void getCert(GetCertRequest request, StreamObserver<IssuedCertificate> out) {
    Calls.unary(
        out,
        () ->
            issued(
                run(
                    request.getMount(),
                    SshCaOperations.GET_CERT,
                    request.getSerialNumber(),
                    () ->
                        new GetCertificate(
                            SerialNumber.parse("serial_number", request.getSerialNumber())))));
  }

  @Override
  public void getCaKey(GetCaKeyRequest request, StreamObserver<CaKey> out) {
    Calls.unary(
        out,
        () -> {
          dev.metacircular.ports.ssh.in.CaKey key =
              operations.runPublic(
                  request.getMount(), SshCaOperations.GET_CA_KEY, new GetCaKey(), Door.source());
          return CaKey.newBuilder()
              .setPublicKey(key.publicKey())
              .setKeyType(key.keyType())
              .setFingerprint(key.fingerprint())
              .build();
        });
  }

  @Override
  public void getKrl(GetKrlRequest request, StreamObserver<Krl> out) {
    Calls.unary(
        out,
        () -> {
          dev.metacircular.ports.ssh.in.Krl krl =
              operations.runPublic(
                  request.getMount(),
                  SshCaOperations.GET_KRL,
                  new GetKrl(!request.getUnsigned()),
                  Door.source());
          return Krl.newBuilder()
              .setKrl(com.google.protobuf.ByteString.copyFrom(krl.krl()))
              .setVersion(krl.version())
              .setGeneratedAt(Wire.timestamp(krl.generatedAt()))
              .setRevokedSerials(krl.revokedSerials())
              .setRevokedKeyIds(krl.revokedKeyIds())
              .build();
        });
  }

  /** Every request record is built from the message only once the ACL has let the caller in. */
  private <Q extends Record, R extends Record> R run(
      String mount, Operation<Q, R> operation, String key, Supplier<Q> build) {
    return Door.run(operations, mount, operation, key, build);
  }

  private static SshProfile profile(Profile p) {
    return new SshProfile(
        p.getName(),
        p.getCertType(),
        p.getAllowedPrincipalsList(),
        p.getDefaultTtl().isEmpty() ? null : SshTtl.parse("default_ttl", p.getDefaultTtl()),
        p.getMaxTtl().isEmpty() ? null : SshTtl.parse("max_ttl", p.getMaxTtl()),
        p.getExtensionsMap(),
        p.getCriticalOptionsMap(),
        p.getAllowedKeyTypesCount() == 0 ? null : p.getAllowedKeyTypesList(),
        p.hasMinRsaBits() ? p.getMinRsaBits() : null,
        p.hasAllowUserKeyIds() ? p.getAllowUserKeyIds() : null);
  }

  private static Profile profile(SshProfile p) {
    return Profile.newBuilder()
        .setName(p.name())
        .setCertType(p.certType())
        .addAllAllowedPrincipals(p.allowedPrincipals())
        .setDefaultTtl(p.defaultTtl().text())
        .setMaxTtl(p.maxTtl().text())
        .putAllExtensions(p.extensions())
        .putAllCriticalOptions(p.criticalOptions())
        .addAllAllowedKeyTypes(p.allowedKeyTypes())
        .setMinRsaBits(p.minRsaBits())
        .setAllowUserKeyIds(p.allowUserKeyIds())
        .build();
  }

  private static IssuedCertificate issued(dev.metacircular.ports.ssh.in.IssuedCertificate c) {
    IssuedCertificate.Builder b =
        IssuedCertificate.newBuilder()
            .setSerialNumber(c.serialNumber().text())
            .setKeyId(c.keyId())
            .setProfile(c.profile())
            .setCertType(c.certType())
            .setRequestedBy(c.requestedBy())
            .setKeyFingerprint(c.keyFingerprint())
            .addAllPrincipals(c.principals())
            .setIssuedAt(Wire.timestamp(c.issuedAt()))
            .setValidAfter(Wire.timestamp(c.validAfter()))
            .setValidBefore(Wire.timestamp(c.validBefore()))
            .setRevoked(c.revoked());
    if (c.revokedAt() != null) {
      b.setRevokedAt(Wire.timestamp(c.revokedAt()));
    }
    if (c.certificate() != null) {
      b.setCertificate(c.certificate());
    }
    return b.build();
  }
}
