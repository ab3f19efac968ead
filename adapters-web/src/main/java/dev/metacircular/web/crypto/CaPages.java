package dev.metacircular.web.crypto;

import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.engine.in.EngineUseCase;
import dev.metacircular.ports.engine.in.Mount;
import dev.metacircular.ports.engine.in.RequestReader;
import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.pki.in.CertInfo;
import dev.metacircular.ports.pki.in.CertSerial;
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
import dev.metacircular.ports.pki.in.SerialNumber;
import dev.metacircular.ports.pki.in.Ttl;
import dev.metacircular.web.common.Flash;
import dev.metacircular.web.common.PageRequest;
import dev.metacircular.web.common.SignedIn;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A ca mount's page: the root and each issuer (with their certificates and CRLs to download from
 * the public endpoints), the roles, the issued certificates with a revoke button, and the issue
 * form, whose answer shows the new private key this one time (it is not stored anywhere). Every
 * operation is a typed {@link PkiOperations} run through {@link EngineUseCase}, so the ACL decides
 * as it does for the API.
 */
final class CaPages {
  private final EngineUseCase operations;

  CaPages(EngineUseCase operations) {
    this.operations = operations;
  }

  /** An issuer as the page lists it. */
  record IssuerRow(String name, String commonName, String keyType, String notAfter) {}

  /** A role as the page lists it. */
  record RoleRow(String name, String issuer, String domains, String allows, String ttl) {}

  /** A certificate as the page lists it. */
  record CertRow(String serial, String issuer, String names, String notAfter, String revokedAt) {
    public boolean revoked() {
      return revokedAt != null;
    }
  }

  void show(PageRequest request, Caller caller, SignedIn who) {
    String mount = Mount.requireValidName(request.pathParam("mount"));
    Map<String, Object> model = new HashMap<>();
    model.put("title", "CA · " + mount);
    model.put("mount", mount);
    List<IssuerRow> issuers = new ArrayList<>();
    List<RoleRow> roles = new ArrayList<>();
    List<CertRow> certs = new ArrayList<>();
    String listError = null;
    try {
      for (String name :
          operations.run(caller, mount, PkiOperations.LIST_ISSUERS, new ListIssuers()).issuers()) {
        IssuerInfo info =
            operations.run(caller, mount, PkiOperations.GET_ISSUER, new IssuerName(name));
        issuers.add(
            new IssuerRow(
                info.name(), info.commonName(), info.keyType(), info.notAfter().toString()));
      }
      for (String name :
          operations.run(caller, mount, PkiOperations.LIST_ROLES, new ListRoles()).roles()) {
        roles.add(row(operations.run(caller, mount, PkiOperations.GET_ROLE, new RoleName(name))));
      }
      for (CertInfo c :
          operations
              .run(caller, mount, PkiOperations.LIST_CERTS, new ListCerts(null, null))
              .certs()) {
        certs.add(
            new CertRow(
                c.serialNumber().text(),
                c.issuer(),
                String.join(", ", c.names()),
                c.notAfter().toString(),
                c.revocationTime() == null ? null : c.revocationTime().toString()));
      }
    } catch (DomainException.Forbidden refused) {
      // The ACL may let this caller issue under a role without listing the mount.
      listError = refused.getMessage();
    }
    model.put("issuers", issuers);
    model.put("roles", roles);
    model.put("certs", certs);
    model.put("listError", listError);
    request.render("crypto/pki", model);
  }

  void issue(PageRequest request, Caller caller, SignedIn who) {
    String mount = Mount.requireValidName(request.pathParam("mount"));
    String role = request.form().text("role");
    String commonName = request.form().text("common_name");
    List<String> altNames = Forms.list(request.form().text("alt_names"));
    String ttl = request.form().text("ttl");
    IssuedCertificate issued =
        operations.run(
            caller,
            mount,
            PkiOperations.ISSUE,
            RequestReader.of(
                () ->
                    new Issue(
                        role,
                        commonName,
                        altNames,
                        null,
                        null,
                        ttl.isEmpty() ? null : Ttl.parse("ttl", ttl)),
                Map.of("role", role)));
    Map<String, Object> model = new HashMap<>();
    model.put("title", "CA · " + mount);
    model.put("mount", mount);
    model.put("certificate", issued.certificate() + String.join("", issued.caChain()));
    model.put("serial", issued.serialNumber().text());
    model.put("expiration", issued.expiration().toString());
    try {
      model.put("privateKey", issued.privateKey().text());
    } finally {
      issued.privateKey().wipe();
    }
    request.render("crypto/pki-issued", model);
  }

  void revoke(PageRequest request, Caller caller, SignedIn who) {
    String mount = Mount.requireValidName(request.pathParam("mount"));
    String serial = request.pathParam("serial");
    var revoked =
        operations.run(
            caller,
            mount,
            PkiOperations.REVOKE,
            RequestReader.of(
                () -> new CertSerial(SerialNumber.parse("serial_number", serial)),
                Map.of("serial_number", serial)));
    request.redirect(
        "/pki/" + mount,
        Flash.Kind.SUCCESS,
        "Revoked " + revoked.serialNumber() + " at " + revoked.revocationTime() + ".");
  }

  private static RoleRow row(RoleInfo r) {
    List<String> allows = new ArrayList<>();
    if (r.allowBareDomains()) {
      allows.add("bare");
    }
    if (r.allowSubdomains()) {
      allows.add("subdomains");
    }
    if (r.allowWildcard()) {
      allows.add("wildcard");
    }
    if (r.allowLocalhost()) {
      allows.add("localhost");
    }
    if (r.allowIpSans()) {
      allows.add("IP");
    }
    return new RoleRow(
        r.name(),
        r.issuer(),
        String.join(", ", r.allowedDomains()),
        String.join(", ", allows),
        r.ttl().text() + " (max " + r.maxTtl().text() + ")");
  }
}
