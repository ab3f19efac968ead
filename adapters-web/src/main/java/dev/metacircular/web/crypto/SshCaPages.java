package dev.metacircular.web.crypto;

import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.engine.in.EngineUseCase;
import dev.metacircular.ports.engine.in.Mount;
import dev.metacircular.ports.engine.in.RequestReader;
import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.ssh.in.CaKey;
import dev.metacircular.ports.ssh.in.GetCaKey;
import dev.metacircular.ports.ssh.in.IssuedCertificate;
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
import dev.metacircular.web.common.Flash;
import dev.metacircular.web.common.PageRequest;
import dev.metacircular.web.common.SignedIn;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An SSH CA mount's page: the CA's public key and KRL (the public endpoints), the signing profiles
 * (create, delete), the sign form for a pasted public key, and the issued-certificate store with a
 * revoke button. Every operation is a typed {@link SshCaOperations} run through {@link
 * EngineUseCase}, the same run as {@code POST /v1/engine/request}, so the ACL decides as it does
 * for the API; form values become records only once the ACL has let the caller in.
 */
final class SshCaPages {
  private final EngineUseCase operations;

  SshCaPages(EngineUseCase operations) {
    this.operations = operations;
  }

  /** A profile as the page lists it. */
  record ProfileRow(
      String name,
      String certType,
      String principals,
      String ttl,
      String extensions,
      String criticalOptions,
      String keyTypes) {}

  /** An issued certificate as the page lists it. */
  record CertRow(
      String serial,
      String keyId,
      String profile,
      String requestedBy,
      String principals,
      String validBefore,
      String revokedAt) {
    public boolean revoked() {
      return revokedAt != null;
    }
  }

  void show(PageRequest request, Caller caller, SignedIn who) {
    String mount = Mount.requireValidName(request.pathParam("mount"));
    Map<String, Object> model = new HashMap<>();
    model.put("title", "SSH CA · " + mount);
    model.put("mount", mount);
    CaKey ca =
        operations.runPublic(mount, SshCaOperations.GET_CA_KEY, new GetCaKey(), request.ip());
    model.put("caKey", ca.publicKey());
    model.put("caFingerprint", ca.fingerprint());
    model.put("keyTypes", SshProfile.KEY_TYPES);
    model.put("standardExtensions", SshProfile.STANDARD_EXTENSIONS.stream().sorted().toList());
    List<ProfileRow> profiles = new ArrayList<>();
    List<CertRow> certs = new ArrayList<>();
    String listError = null;
    try {
      for (String name :
          operations
              .run(caller, mount, SshCaOperations.LIST_PROFILES, new ListProfiles())
              .profiles()) {
        profiles.add(
            row(operations.run(caller, mount, SshCaOperations.GET_PROFILE, new ProfileName(name))));
      }
      for (IssuedCertificate c :
          operations
              .run(caller, mount, SshCaOperations.LIST_CERTS, new ListCertificates(null, null))
              .certs()) {
        certs.add(
            new CertRow(
                c.serialNumber().text(),
                c.keyId(),
                c.profile(),
                c.requestedBy(),
                String.join(", ", c.principals()),
                c.validBefore().toString(),
                c.revokedAt() == null ? null : c.revokedAt().toString()));
      }
    } catch (DomainException.Forbidden refused) {
      // The ACL may let this caller sign under a profile without listing the mount.
      listError = refused.getMessage();
    }
    model.put("profiles", profiles);
    model.put("certs", certs);
    model.put("listError", listError);
    request.render("crypto/ssh", model);
  }

  void createProfile(PageRequest request, Caller caller, SignedIn who) {
    String mount = Mount.requireValidName(request.pathParam("mount"));
    String name = request.form().text("name");
    SshProfile created =
        operations.run(
            caller,
            mount,
            SshCaOperations.CREATE_PROFILE,
            RequestReader.of(() -> profile(request, name), Map.of("name", name)));
    request.redirect(
        "/ssh/" + mount,
        Flash.Kind.SUCCESS,
        "Created profile " + created.name() + " (" + created.certType() + " certificates).");
  }

  void deleteProfile(PageRequest request, Caller caller, SignedIn who) {
    String mount = Mount.requireValidName(request.pathParam("mount"));
    String name = request.pathParam("profile");
    operations.run(
        caller,
        mount,
        SshCaOperations.DELETE_PROFILE,
        RequestReader.of(() -> new ProfileName(name), Map.of("name", name)));
    request.redirect("/ssh/" + mount, Flash.Kind.SUCCESS, "Deleted profile " + name + ".");
  }

  void sign(PageRequest request, Caller caller, SignedIn who) {
    String mount = Mount.requireValidName(request.pathParam("mount"));
    String profile = request.form().text("profile");
    SignedCertificate signed =
        operations.run(
            caller,
            mount,
            SshCaOperations.SIGN,
            RequestReader.of(
                () ->
                    new SignKey(
                        profile,
                        request.form().text("public_key").strip(),
                        Forms.list(request.form().text("principals")),
                        Forms.optional(request.form().text("ttl"), t -> SshTtl.parse("ttl", t)),
                        Forms.optional(request.form().text("key_id"), k -> k)),
                Map.of("profile", profile)));
    Map<String, Object> model = new HashMap<>();
    model.put("title", "SSH CA · " + mount);
    model.put("mount", mount);
    model.put("certificate", signed.certificate());
    model.put("serial", signed.serialNumber().text());
    model.put("keyId", signed.keyId());
    model.put("principals", String.join(", ", signed.principals()));
    model.put("validAfter", signed.validAfter().toString());
    model.put("validBefore", signed.validBefore().toString());
    model.put("notice", signed.notice());
    request.render("crypto/ssh-signed", model);
  }

  void revoke(PageRequest request, Caller caller, SignedIn who) {
    String mount = Mount.requireValidName(request.pathParam("mount"));
    String serial = request.pathParam("serial");
    Revocation revoked =
        operations.run(
            caller,
            mount,
            SshCaOperations.REVOKE,
            RequestReader.of(
                () -> new RevokeCertificate(SerialNumber.parse("serial_number", serial), null),
                Map.of("serial_number", serial)));
    request.redirect(
        "/ssh/" + mount,
        Flash.Kind.SUCCESS,
        "Revoked "
            + serial
            + " at "
            + revoked.revokedAt()
            + "; the KRL is now version "
            + revoked.krlVersion()
            + ".");
  }

  /** The profile the create form describes; the record's own checks judge it. */
  private static SshProfile profile(PageRequest request, String name) {
    var form = request.form();
    Map<String, String> extensions = new LinkedHashMap<>();
    for (String extension : form.texts("extensions")) {
      extensions.put(extension, "");
    }
    Map<String, String> critical = new LinkedHashMap<>();
    if (!form.text("force_command").isBlank()) {
      critical.put("force-command", form.text("force_command").strip());
    }
    if (!form.text("source_address").isBlank()) {
      critical.put("source-address", form.text("source_address").strip());
    }
    List<String> keyTypes = form.texts("allowed_key_types");
    return new SshProfile(
        name,
        form.text("cert_type"),
        Forms.list(form.text("allowed_principals")),
        Forms.optional(form.text("default_ttl"), t -> SshTtl.parse("default_ttl", t)),
        Forms.optional(form.text("max_ttl"), t -> SshTtl.parse("max_ttl", t)),
        extensions,
        critical,
        keyTypes.isEmpty() ? null : keyTypes,
        Forms.optional(form.text("min_rsa_bits"), t -> Forms.integer("min_rsa_bits", t)),
        form.has("allow_user_key_ids"));
  }

  private static ProfileRow row(SshProfile p) {
    return new ProfileRow(
        p.name(),
        p.certType(),
        String.join(", ", p.allowedPrincipals()),
        p.defaultTtl().text() + " (max " + p.maxTtl().text() + ")",
        String.join(", ", p.extensions().keySet()),
        p.criticalOptions().isEmpty() ? "" : p.criticalOptions().toString(),
        p.allowedKeyTypes() == null ? "any" : String.join(", ", p.allowedKeyTypes()));
  }
}
