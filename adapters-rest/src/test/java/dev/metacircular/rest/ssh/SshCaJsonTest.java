package dev.metacircular.rest.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.metacircular.crypto.SecureRandoms;
import dev.metacircular.crypto.ssh.SshKeyType;
import dev.metacircular.crypto.ssh.SshSigningKey;
import dev.metacircular.ports.error.DomainException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The sshca operations through the JSON door: field names, text values, refusals. */
class SshCaJsonTest {
  SshCaFixture ssh = new SshCaFixture();

  static String key() {
    return SshSigningKey.generate(SshKeyType.ED25519, SecureRandoms.instance())
        .publicKey()
        .line("a@b");
  }

  @BeforeEach
  void profile() {
    Map<String, Object> created =
        ssh.call(
            "create-profile",
            "name",
            "dev",
            "cert_type",
            "user",
            "allowed_principals",
            List.of("{{username}}", "web-*"),
            "default_ttl",
            "30m",
            "max_ttl",
            "4h",
            "extensions",
            Map.of("permit-pty", ""),
            "critical_options",
            Map.of("force-command", "/usr/bin/id"));
    assertThat(created)
        .containsEntry("name", "dev")
        .containsEntry("cert_type", "user")
        .containsEntry("default_ttl", "30m")
        .containsEntry("max_ttl", "4h")
        .containsEntry("extensions", Map.of("permit-pty", ""))
        .containsEntry("critical_options", Map.of("force-command", "/usr/bin/id"))
        .containsEntry("min_rsa_bits", 2048)
        .containsEntry("allow_user_key_ids", false)
        .containsEntry(
            "allowed_key_types",
            List.of("ed25519", "ecdsa-p256", "ecdsa-p384", "ecdsa-p521", "rsa"));
  }

  @Test
  void signAnswersTheCertificateWithTheSerialAsDecimalText() {
    Map<String, Object> signed =
        ssh.call(
            "sign",
            "profile",
            "dev",
            "public_key",
            key(),
            "principals",
            List.of("alice", "web-1"),
            "ttl",
            "1d");
    String serial = (String) signed.get("serial_number");
    assertThat(serial).matches("[1-9][0-9]*");
    assertThat(Long.parseUnsignedLong(serial)).isNotZero();
    assertThat((String) signed.get("certificate")).startsWith("ssh-ed25519-cert-v01@openssh.com ");
    assertThat(signed)
        .containsEntry("key_id", "alice-" + serial)
        .containsEntry("cert_type", "user")
        .containsEntry("principals", List.of("alice", "web-1"))
        .containsEntry("valid_after", "2026-03-01T10:00:00Z")
        .containsEntry("valid_before", "2026-03-01T14:00:00Z")
        .containsEntry("ttl", "4h")
        .containsEntry("ttl_capped", true)
        .containsEntry("notice", "ttl 1d capped at profile dev's max_ttl 4h");

    Map<String, Object> record = ssh.call("get-cert", "serial_number", serial);
    assertThat(record)
        .containsEntry("serial_number", serial)
        .containsEntry("requested_by", "alice")
        .containsEntry("profile", "dev")
        .containsEntry("revoked", false)
        .doesNotContainKey("revoked_at")
        .containsEntry("certificate", signed.get("certificate"));
    assertThat((String) record.get("key_fingerprint")).startsWith("SHA256:");

    Map<String, Object> revoked = ssh.call("revoke", "serial_number", serial);
    assertThat(revoked)
        .containsEntry("serial_numbers", List.of(serial))
        .containsEntry("krl_version", 2L);
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> certs =
        (List<Map<String, Object>>) ssh.call("list-certs", "revoked", true).get("certs");
    assertThat(certs).hasSize(1);
    assertThat(certs.get(0))
        .containsEntry("serial_number", serial)
        .doesNotContainKey("certificate");
    assertThat(ssh.call("list-certs", "principal", "nobody").get("certs")).isEqualTo(List.of());
    assertThat(ssh.call("list-profiles").get("profiles")).isEqualTo(List.of("dev"));
    assertThat(ssh.call("get-ca-key").get("public_key").toString()).startsWith("ssh-ed25519 ");
    assertThat(ssh.call("get-krl", "signed", false))
        .containsEntry("version", 2L)
        .containsEntry("revoked_serials", 1);
  }

  @Test
  void refusalsNameTheFieldOrThePrincipal() {
    refused(
        DomainException.Forbidden.class,
        "principal root is not allowed by profile dev",
        "sign",
        "profile",
        "dev",
        "public_key",
        key(),
        "principals",
        List.of("root"));
    refused(
        DomainException.InvalidInput.class,
        "public_key: ",
        "sign",
        "profile",
        "dev",
        "public_key",
        "ssh-rsa AAAA",
        "principals",
        List.of("alice"));
    refused(
        DomainException.InvalidInput.class,
        "principals is required",
        "sign",
        "profile",
        "dev",
        "public_key",
        key());
    refused(
        DomainException.InvalidInput.class,
        "ttl must be seconds",
        "sign",
        "profile",
        "dev",
        "public_key",
        key(),
        "principals",
        List.of("alice"),
        "ttl",
        "forever");
    refused(
        DomainException.InvalidInput.class,
        "serial_number must be a decimal serial number",
        "get-cert",
        "serial_number",
        "0x12");
    refused(
        DomainException.InvalidInput.class,
        "serial_number must be a string",
        "get-cert",
        "serial_number",
        12);
    refused(
        DomainException.NotFound.class,
        "certificate 12 not found",
        "get-cert",
        "serial_number",
        "12");
    refused(
        DomainException.InvalidInput.class, "give serial_number or key_id (exactly one)", "revoke");
    refused(
        DomainException.InvalidInput.class,
        "unknown field colour",
        "list-profiles",
        "colour",
        "red");
    refused(
        DomainException.Conflict.class,
        "profile dev already exists",
        "create-profile",
        "name",
        "dev",
        "cert_type",
        "user",
        "allowed_principals",
        List.of("x"));
    refused(
        DomainException.InvalidInput.class,
        "cert_type must be user or host",
        "create-profile",
        "name",
        "x",
        "cert_type",
        "robot",
        "allowed_principals",
        List.of("x"));
    assertThat(ssh.storage.list("certs/")).isEmpty();
  }

  private void refused(
      Class<? extends DomainException> kind, String message, String op, Object... data) {
    assertThatThrownBy(() -> ssh.call(op, data)).isInstanceOf(kind).hasMessageContaining(message);
  }
}
