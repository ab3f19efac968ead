package dev.metacircular.grpc;

import com.google.protobuf.ByteString;
import dev.metacircular.grpc.proto.metacrypt.v1.CertRecord;
import dev.metacircular.grpc.proto.metacrypt.v1.CertRecords;
import dev.metacircular.grpc.proto.metacrypt.v1.CertRequest;
import dev.metacircular.grpc.proto.metacrypt.v1.CreateIssuerRequest;
import dev.metacircular.grpc.proto.metacrypt.v1.CrlResponse;
import dev.metacircular.grpc.proto.metacrypt.v1.DeleteIssuerRequest;
import dev.metacircular.grpc.proto.metacrypt.v1.EabResponse;
import dev.metacircular.grpc.proto.metacrypt.v1.FetchCaRequest;
import dev.metacircular.grpc.proto.metacrypt.v1.FetchCrlRequest;
import dev.metacircular.grpc.proto.metacrypt.v1.IssueRequest;
import dev.metacircular.grpc.proto.metacrypt.v1.Issuer;
import dev.metacircular.grpc.proto.metacrypt.v1.IssuerRequest;
import dev.metacircular.grpc.proto.metacrypt.v1.ListCertsRequest;
import dev.metacircular.grpc.proto.metacrypt.v1.NameList;
import dev.metacircular.grpc.proto.metacrypt.v1.PemResponse;
import dev.metacircular.grpc.proto.metacrypt.v1.PkiDeleted;
import dev.metacircular.grpc.proto.metacrypt.v1.PkiListRequest;
import dev.metacircular.grpc.proto.metacrypt.v1.PkiRole;
import dev.metacircular.grpc.proto.metacrypt.v1.PkiServiceGrpc;
import dev.metacircular.grpc.proto.metacrypt.v1.RevokeResponse;
import dev.metacircular.grpc.proto.metacrypt.v1.RoleRequest;
import dev.metacircular.grpc.proto.metacrypt.v1.SignCsrRequest;
import dev.metacircular.grpc.proto.metacrypt.v1.TidyRequest;
import dev.metacircular.grpc.proto.metacrypt.v1.TidyResponse;
import dev.metacircular.ports.engine.in.EngineUseCase;
import dev.metacircular.ports.engine.spi.Operation;
import dev.metacircular.ports.pki.in.CertInfo;
import dev.metacircular.ports.pki.in.CertSerial;
import dev.metacircular.ports.pki.in.CreateIssuer;
import dev.metacircular.ports.pki.in.DeleteIssuer;
import dev.metacircular.ports.pki.in.Deleted;
import dev.metacircular.ports.pki.in.EabCredentials;
import dev.metacircular.ports.pki.in.FetchCa;
import dev.metacircular.ports.pki.in.FetchCrl;
import dev.metacircular.ports.pki.in.Issue;
import dev.metacircular.ports.pki.in.IssuedCertificate;
import dev.metacircular.ports.pki.in.IssuerInfo;
import dev.metacircular.ports.pki.in.IssuerName;
import dev.metacircular.ports.pki.in.ListCerts;
import dev.metacircular.ports.pki.in.ListIssuers;
import dev.metacircular.ports.pki.in.ListRoles;
import dev.metacircular.ports.pki.in.PkiOperations;
import dev.metacircular.ports.pki.in.RoleInfo;
import dev.metacircular.ports.pki.in.RoleName;
import dev.metacircular.ports.pki.in.RoleSettings;
import dev.metacircular.ports.pki.in.SerialNumber;
import dev.metacircular.ports.pki.in.SignCsr;
import dev.metacircular.ports.pki.in.Tidy;
import dev.metacircular.ports.pki.in.Ttl;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@code metacircular.metacrypt.v1.PkiService}: the {@code ca} engine's operations, typed. Each RPC
 * builds the operation's request record from its message (only once the ACL has let the caller in,
 * as on the JSON door) and runs it through {@link EngineUseCase}; FetchCa, FetchChain and FetchCrl
 * run as public reads. The ACL, the audit and every refusal are the core's, identical to REST's.
 */
final class CryptoPkiService extends PkiServiceGrpc.PkiServiceImplBase {
  private final EngineUseCase operations;

  CryptoPkiService(EngineUseCase operations) {
    this.operations = operations;
  }

  @Override
  public void createIssuer(CreateIssuerRequest r, StreamObserver<Issuer> out) {
    Calls.unary(
        out,
        () ->
            issuer(
                run(
                    r.getMount(),
                    PkiOperations.CREATE_ISSUER,
                    r.getName(),
                    () ->
                        new CreateIssuer(
                            r.getName(),
                            r.getCommonName(),
                            Wire.orNull(r.getKeyType()),
                            ttl("ttl", r.getTtl())))));
  }

  @Override
  public void getIssuer(IssuerRequest r, StreamObserver<Issuer> out) {
    Calls.unary(
        out,
        () ->
            issuer(
                run(
                    r.getMount(),
                    PkiOperations.GET_ISSUER,
                    r.getName(),
                    () -> new IssuerName(r.getName()))));
  }

  @Override
  public void listIssuers(PkiListRequest r, StreamObserver<NameList> out) {
    Calls.unary(
        out,
        () ->
            NameList.newBuilder()
                .addAllNames(
                    operations
                        .run(
                            Door.caller(),
                            r.getMount(),
                            PkiOperations.LIST_ISSUERS,
                            new ListIssuers())
                        .issuers())
                .build());
  }

  @Override
  public void deleteIssuer(DeleteIssuerRequest r, StreamObserver<PkiDeleted> out) {
    Calls.unary(
        out,
        () ->
            deleted(
                run(
                    r.getMount(),
                    PkiOperations.DELETE_ISSUER,
                    r.getName(),
                    () -> new DeleteIssuer(r.getName(), r.getForce()))));
  }

  @Override
  public void createRole(PkiRole r, StreamObserver<PkiRole> out) {
    Calls.unary(
        out,
        () ->
            role(
                run(
                    r.getMount(),
                    PkiOperations.CREATE_ROLE,
                    r.getName(),
                    () -> settings(r, true))));
  }

  @Override
  public void updateRole(PkiRole r, StreamObserver<PkiRole> out) {
    Calls.unary(
        out,
        () ->
            role(
                run(
                    r.getMount(),
                    PkiOperations.UPDATE_ROLE,
                    r.getName(),
                    () -> settings(r, r.getReplaceLists()))));
  }

  @Override
  public void getRole(RoleRequest r, StreamObserver<PkiRole> out) {
    Calls.unary(
        out,
        () ->
            role(
                run(
                    r.getMount(),
                    PkiOperations.GET_ROLE,
                    r.getName(),
                    () -> new RoleName(r.getName()))));
  }

  @Override
  public void listRoles(PkiListRequest r, StreamObserver<NameList> out) {
    Calls.unary(
        out,
        () ->
            NameList.newBuilder()
                .addAllNames(
                    operations
                        .run(Door.caller(), r.getMount(), PkiOperations.LIST_ROLES, new ListRoles())
                        .roles())
                .build());
  }

  @Override
  public void deleteRole(RoleRequest r, StreamObserver<PkiDeleted> out) {
    Calls.unary(
        out,
        () ->
            deleted(
                run(
                    r.getMount(),
                    PkiOperations.DELETE_ROLE,
                    r.getName(),
                    () -> new RoleName(r.getName()))));
  }

  @Override
  public void issue(
      IssueRequest r,
      StreamObserver<dev.metacircular.grpc.proto.metacrypt.v1.IssuedCertificate> out) {
    Calls.unary(
        out,
        () ->
            issued(
                run(
                    r.getMount(),
                    PkiOperations.ISSUE,
                    r.getRole(),
                    () ->
                        new Issue(
                            r.getRole(),
                            Wire.orNull(r.getCommonName()),
                            r.getAltNamesList(),
                            r.getIpSansList(),
                            r.getUriSansList(),
                            ttl("ttl", r.getTtl())))));
  }

  @Override
  public void sign(
      SignCsrRequest r,
      StreamObserver<dev.metacircular.grpc.proto.metacrypt.v1.IssuedCertificate> out) {
    Calls.unary(
        out,
        () ->
            issued(
                run(
                    r.getMount(),
                    PkiOperations.SIGN,
                    r.getRole(),
                    () ->
                        new SignCsr(
                            r.getRole(),
                            r.getCsr(),
                            Wire.orNull(r.getCommonName()),
                            r.getAltNamesCount() == 0 ? null : r.getAltNamesList(),
                            ttl("ttl", r.getTtl())))));
  }

  @Override
  public void revoke(CertRequest r, StreamObserver<RevokeResponse> out) {
    Calls.unary(
        out,
        () -> {
          var revoked = run(r.getMount(), PkiOperations.REVOKE, r.getSerialNumber(), () -> cert(r));
          return RevokeResponse.newBuilder()
              .setSerialNumber(revoked.serialNumber().text())
              .setRevocationTime(Wire.timestamp(revoked.revocationTime()))
              .build();
        });
  }

  @Override
  public void getCert(CertRequest r, StreamObserver<CertRecord> out) {
    Calls.unary(
        out,
        () ->
            record(run(r.getMount(), PkiOperations.GET_CERT, r.getSerialNumber(), () -> cert(r))));
  }

  @Override
  public void listCerts(ListCertsRequest r, StreamObserver<CertRecords> out) {
    Calls.unary(
        out,
        () -> {
          var list =
              run(
                  r.getMount(),
                  PkiOperations.LIST_CERTS,
                  "",
                  () ->
                      new ListCerts(
                          Wire.orNull(r.getIssuer()), r.hasRevoked() ? r.getRevoked() : null));
          CertRecords.Builder records = CertRecords.newBuilder();
          list.certs().forEach(c -> records.addCerts(record(c)));
          return records.build();
        });
  }

  @Override
  public void tidy(TidyRequest r, StreamObserver<TidyResponse> out) {
    Calls.unary(
        out,
        () -> {
          var tidied =
              run(
                  r.getMount(),
                  PkiOperations.TIDY,
                  "",
                  () -> new Tidy(ttl("safety_buffer", r.getSafetyBuffer())));
          return TidyResponse.newBuilder()
              .addAllRemoved(tidied.removed().stream().map(SerialNumber::text).toList())
              .build();
        });
  }

  @Override
  public void renew(
      CertRequest r,
      StreamObserver<dev.metacircular.grpc.proto.metacrypt.v1.IssuedCertificate> out) {
    Calls.unary(
        out,
        () -> issued(run(r.getMount(), PkiOperations.RENEW, r.getSerialNumber(), () -> cert(r))));
  }

  @Override
  public void createEab(RoleRequest r, StreamObserver<EabResponse> out) {
    Calls.unary(
        out,
        () -> {
          EabCredentials eab =
              run(
                  r.getMount(),
                  PkiOperations.CREATE_EAB,
                  r.getName(),
                  () -> new RoleName(r.getName()));
          return EabResponse.newBuilder()
              .setKid(eab.kid())
              .setHmacKey(eab.hmacKey().text())
              .setRole(eab.role())
              .setExpiresAt(Wire.timestamp(eab.expiresAt()))
              .build();
        });
  }

  @Override
  public void fetchCa(FetchCaRequest r, StreamObserver<PemResponse> out) {
    Calls.unary(
        out,
        () ->
            PemResponse.newBuilder()
                .setPem(
                    operations
                        .runPublic(
                            r.getMount(), PkiOperations.FETCH_CA, new FetchCa(null), Door.source())
                        .pem())
                .build());
  }

  @Override
  public void fetchChain(FetchCaRequest r, StreamObserver<PemResponse> out) {
    Calls.unary(
        out,
        () ->
            PemResponse.newBuilder()
                .setPem(
                    operations
                        .runPublic(
                            r.getMount(),
                            PkiOperations.FETCH_CHAIN,
                            new FetchCa(Wire.orNull(r.getIssuer())),
                            Door.source())
                        .pem())
                .build());
  }

  @Override
  public void fetchCrl(FetchCrlRequest r, StreamObserver<CrlResponse> out) {
    Calls.unary(
        out,
        () ->
            CrlResponse.newBuilder()
                .setDer(
                    ByteString.copyFrom(
                        operations
                            .runPublic(
                                r.getMount(),
                                PkiOperations.FETCH_CRL,
                                new FetchCrl(r.getIssuer(), r.getDelta()),
                                Door.source())
                            .der()))
                .build());
  }

  /**
   * Runs {@code operation} with the record {@code build} makes, built only once the ACL has let the
   * caller in; {@code key} is what the operation's resource path takes meanwhile.
   */
  private <Q extends Record, R extends Record> R run(
      String mount, Operation<Q, R> operation, String key, Supplier<Q> build) {
    return Door.run(operations, mount, operation, key, build);
  }

  private static Ttl ttl(String field, String text) {
    return text == null || text.isEmpty() ? null : Ttl.parse(field, text);
  }

  private static CertSerial cert(CertRequest r) {
    return new CertSerial(SerialNumber.parse("serial_number", r.getSerialNumber()));
  }

  private static RoleSettings settings(PkiRole r, boolean lists) {
    return new RoleSettings(
        r.getName(),
        Wire.orNull(r.getIssuer()),
        lists || r.getAllowedDomainsCount() > 0 ? r.getAllowedDomainsList() : null,
        r.hasAllowSubdomains() ? r.getAllowSubdomains() : null,
        r.hasAllowBareDomains() ? r.getAllowBareDomains() : null,
        r.hasAllowWildcard() ? r.getAllowWildcard() : null,
        r.hasAllowLocalhost() ? r.getAllowLocalhost() : null,
        r.hasAllowIpSans() ? r.getAllowIpSans() : null,
        lists || r.getAllowedUriSansCount() > 0 ? r.getAllowedUriSansList() : null,
        Wire.orNull(r.getKeyType()),
        r.hasKeyBits() ? r.getKeyBits() : null,
        ttl("ttl", r.getTtl()),
        ttl("max_ttl", r.getMaxTtl()),
        r.hasServerFlag() ? r.getServerFlag() : null,
        r.hasClientFlag() ? r.getClientFlag() : null,
        r.hasRequireCn() ? r.getRequireCn() : null);
  }

  private static Issuer issuer(IssuerInfo i) {
    return Issuer.newBuilder()
        .setName(i.name())
        .setCommonName(i.commonName() == null ? "" : i.commonName())
        .setKeyType(i.keyType())
        .setSerialNumber(i.serialNumber().text())
        .setCertificate(i.certificate())
        .setNotBefore(Wire.timestamp(i.notBefore()))
        .setNotAfter(Wire.timestamp(i.notAfter()))
        .build();
  }

  private static PkiDeleted deleted(Deleted d) {
    return PkiDeleted.newBuilder().setName(d.name()).setDeleted(d.deleted()).build();
  }

  private static PkiRole role(RoleInfo r) {
    return PkiRole.newBuilder()
        .setName(r.name())
        .setIssuer(r.issuer())
        .addAllAllowedDomains(r.allowedDomains())
        .setAllowSubdomains(r.allowSubdomains())
        .setAllowBareDomains(r.allowBareDomains())
        .setAllowWildcard(r.allowWildcard())
        .setAllowLocalhost(r.allowLocalhost())
        .setAllowIpSans(r.allowIpSans())
        .addAllAllowedUriSans(r.allowedUriSans())
        .setKeyType(r.keyType())
        .setKeyBits(r.keyBits())
        .setTtl(r.ttl().text())
        .setMaxTtl(r.maxTtl().text())
        .setServerFlag(r.serverFlag())
        .setClientFlag(r.clientFlag())
        .setRequireCn(r.requireCn())
        .build();
  }

  private static dev.metacircular.grpc.proto.metacrypt.v1.IssuedCertificate issued(
      IssuedCertificate c) {
    var out =
        dev.metacircular.grpc.proto.metacrypt.v1.IssuedCertificate.newBuilder()
            .setCertificate(c.certificate())
            .setIssuingCa(c.issuingCa())
            .addAllCaChain(c.caChain())
            .setSerialNumber(c.serialNumber().text())
            .setExpiration(Wire.timestamp(c.expiration()));
    if (c.privateKey() != null) {
      out.setPrivateKey(ByteString.copyFrom(c.privateKey().pem()));
      c.privateKey().wipe();
    }
    return out.build();
  }

  private static CertRecord record(CertInfo c) {
    CertRecord.Builder out =
        CertRecord.newBuilder()
            .setSerialNumber(c.serialNumber().text())
            .setIssuer(c.issuer())
            .setRevoked(c.revoked());
    if (c.role() != null) {
      out.setRole(c.role());
    }
    if (c.requestedBy() != null) {
      out.setRequestedBy(c.requestedBy());
    }
    if (c.commonName() != null) {
      out.setCommonName(c.commonName());
    }
    out.addAllNames(c.names());
    if (c.notBefore() != null) {
      out.setNotBefore(Wire.timestamp(c.notBefore()));
    }
    if (c.notAfter() != null) {
      out.setNotAfter(Wire.timestamp(c.notAfter()));
    }
    if (c.revocationTime() != null) {
      out.setRevocationTime(Wire.timestamp(c.revocationTime()));
    }
    if (c.certificate() != null) {
      out.setCertificate(c.certificate());
    }
    return out.build();
  }

  static List<io.grpc.MethodDescriptor<?, ?>> authenticatedMethods() {
    return List.of(
        PkiServiceGrpc.getCreateIssuerMethod(),
        PkiServiceGrpc.getGetIssuerMethod(),
        PkiServiceGrpc.getListIssuersMethod(),
        PkiServiceGrpc.getDeleteIssuerMethod(),
        PkiServiceGrpc.getCreateRoleMethod(),
        PkiServiceGrpc.getUpdateRoleMethod(),
        PkiServiceGrpc.getGetRoleMethod(),
        PkiServiceGrpc.getListRolesMethod(),
        PkiServiceGrpc.getDeleteRoleMethod(),
        PkiServiceGrpc.getIssueMethod(),
        PkiServiceGrpc.getSignMethod(),
        PkiServiceGrpc.getRevokeMethod(),
        PkiServiceGrpc.getGetCertMethod(),
        PkiServiceGrpc.getListCertsMethod(),
        PkiServiceGrpc.getTidyMethod(),
        PkiServiceGrpc.getRenewMethod(),
        PkiServiceGrpc.getCreateEabMethod());
  }

  static List<io.grpc.MethodDescriptor<?, ?>> publicMethods() {
    return List.of(
        PkiServiceGrpc.getFetchCaMethod(),
        PkiServiceGrpc.getFetchChainMethod(),
        PkiServiceGrpc.getFetchCrlMethod());
  }
}
