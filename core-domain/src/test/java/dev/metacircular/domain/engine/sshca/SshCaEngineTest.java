package dev.metacircular.domain.engine.sshca;

import static dev.metacircular.ports.ssh.in.SshCaOperations.CREATE_PROFILE;
import static dev.metacircular.ports.ssh.in.SshCaOperations.DELETE_PROFILE;
import static dev.metacircular.ports.ssh.in.SshCaOperations.GET_CA_KEY;
import static dev.metacircular.ports.ssh.in.SshCaOperations.GET_CERT;
import static dev.metacircular.ports.ssh.in.SshCaOperations.GET_KRL;
import static dev.metacircular.ports.ssh.in.SshCaOperations.GET_PROFILE;
import static dev.metacircular.ports.ssh.in.SshCaOperations.LIST_CERTS;
import static dev.metacircular.ports.ssh.in.SshCaOperations.LIST_PROFILES;
import static dev.metacircular.ports.ssh.in.SshCaOperations.REVOKE;
import static dev.metacircular.ports.ssh.in.SshCaOperations.SIGN;
import static dev.metacircular.ports.ssh.in.SshCaOperations.UPDATE_PROFILE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.metacircular.crypto.SecureRandoms;
import dev.metacircular.crypto.ssh.SshCertificate;
import dev.metacircular.crypto.ssh.SshKeyType;
import dev.metacircular.crypto.ssh.SshPublicKey;
import dev.metacircular.crypto.ssh.SshSigningKey;
import dev.metacircular.domain.memory.InMemoryEngineStorage;
import dev.metacircular.domain.time.ManualClock;
import dev.metacircular.ports.auth.AccountType;
import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.auth.Role;
import dev.metacircular.ports.engine.spi.Engine;
import dev.metacircular.ports.engine.spi.EngineContext;
import dev.metacircular.ports.engine.spi.Operation;
import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.ssh.in.GetCaKey;
import dev.metacircular.ports.ssh.in.GetCertificate;
import dev.metacircular.ports.ssh.in.GetKrl;
import dev.metacircular.ports.ssh.in.IssuedCertificate;
import dev.metacircular.ports.ssh.in.ListCertificates;
import dev.metacircular.ports.ssh.in.ListProfiles;
import dev.metacircular.ports.ssh.in.ProfileName;
import dev.metacircular.ports.ssh.in.Revocation;
import dev.metacircular.ports.ssh.in.RevokeCertificate;
import dev.metacircular.ports.ssh.in.SignKey;
import dev.metacircular.ports.ssh.in.SignedCertificate;
import dev.metacircular.ports.ssh.in.SshProfile;
import dev.metacircular.ports.ssh.in.SshTtl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SshCaEngineTest {
  static final Instant START = Instant.parse("2026-03-01T10:00:00Z");
  static final Caller ALICE =
      new Caller(UUID.randomUUID(), "alice", Set.of(Role.USER), AccountType.HUMAN, null, "");
  static final Caller BOB =
      new Caller(UUID.randomUUID(), "bob", Set.of(Role.USER), AccountType.HUMAN, null, "");

  final InMemoryEngineStorage storage = new InMemoryEngineStorage();
  final ManualClock clock = new ManualClock(START);
  final SshCaEngineType type = new SshCaEngineType();
  Engine engine = open(Map.of());

  Engine open(Map<String, Object> config) {
    return type.open(new EngineContext("ssh", type.validateConfig(config), storage, clock));
  }

  <Q extends Record, R extends Record> R run(Operation<Q, R> op, Q request) {
    return engine.handle(op, request, ALICE);
  }

  static String newKey(SshKeyType t) {
    return SshSigningKey.generate(t, SecureRandoms.instance()).publicKey().line("me@laptop");
  }

  static SshProfile userProfile(String name, List<String> principals) {
    return new SshProfile(
        name,
        "user",
        principals,
        SshTtl.parse("default_ttl", "1h"),
        SshTtl.parse("max_ttl", "8h"),
        Map.of("permit-pty", ""),
        Map.of("source-address", "127.0.0.1/32"),
        null,
        null,
        null);
  }

  SignedCertificate sign(Caller who, String profile, List<String> principals, String ttl) {
    return engine.handle(
        SIGN,
        new SignKey(
            profile,
            newKey(SshKeyType.ED25519),
            principals,
            ttl == null ? null : SshTtl.parse("ttl", ttl),
            null),
        who);
  }

  @Test
  void profilesAreCreatedReadListedReplacedAndDeleted() {
    SshProfile created = run(CREATE_PROFILE, userProfile("dev", List.of("{{username}}")));
    assertThat(created.defaultTtl().text()).isEqualTo("1h");
    assertThat(created.allowedKeyTypes())
        .containsExactly("ed25519", "ecdsa-p256", "ecdsa-p384", "ecdsa-p521", "rsa");
    assertThat(created.minRsaBits()).isEqualTo(2048);
    assertThat(created.allowUserKeyIds()).isFalse();
    assertThat(run(GET_PROFILE, new ProfileName("dev"))).isEqualTo(created);
    assertThatThrownBy(() -> run(CREATE_PROFILE, userProfile("dev", List.of("x"))))
        .isInstanceOf(DomainException.Conflict.class);
    run(UPDATE_PROFILE, userProfile("dev", List.of("deploy")));
    assertThat(run(GET_PROFILE, new ProfileName("dev")).allowedPrincipals())
        .containsExactly("deploy");
    run(CREATE_PROFILE, userProfile("a-first", List.of("x")));
    assertThat(run(LIST_PROFILES, new ListProfiles()).profiles()).containsExactly("a-first", "dev");
    assertThat(run(DELETE_PROFILE, new ProfileName("dev")).deleted()).isTrue();
    assertThatThrownBy(() -> run(GET_PROFILE, new ProfileName("dev")))
        .isInstanceOf(DomainException.NotFound.class)
        .hasMessage("profile dev not found");
    assertThatThrownBy(() -> run(UPDATE_PROFILE, userProfile("dev", List.of("x"))))
        .isInstanceOf(DomainException.NotFound.class);
  }

  @Test
  void profilesRefuseWhatOpenSshWouldNotMeanOrWeWouldNotWant() {
    assertThatThrownBy(
            () ->
                new SshProfile(
                    "h",
                    "host",
                    List.of("*.example.com"),
                    null,
                    null,
                    Map.of("permit-pty", ""),
                    null,
                    null,
                    null,
                    null))
        .hasMessageContaining("host profile takes none");
    assertThatThrownBy(
            () ->
                new SshProfile(
                    "u",
                    "user",
                    List.of("a"),
                    null,
                    null,
                    null,
                    Map.of("no-such", "x"),
                    null,
                    null,
                    null))
        .hasMessageContaining("unknown option no-such");
    assertThatThrownBy(
            () ->
                new SshProfile(
                    "u",
                    "user",
                    List.of("a"),
                    null,
                    null,
                    Map.of("permit-everything", ""),
                    null,
                    null,
                    null,
                    null))
        .hasMessageContaining("unknown extension permit-everything");
    assertThatThrownBy(
            () ->
                new SshProfile(
                    "u", "robot", List.of("a"), null, null, null, null, null, null, null))
        .hasMessage("cert_type must be user or host");
    assertThatThrownBy(
            () -> new SshProfile("u", "user", List.of(), null, null, null, null, null, null, null))
        .hasMessageContaining("at least one principal");
    assertThatThrownBy(
            () ->
                new SshProfile(
                    "u",
                    "user",
                    List.of("a"),
                    new SshTtl(7200),
                    new SshTtl(3600),
                    null,
                    null,
                    null,
                    null,
                    null))
        .hasMessage("default_ttl must not exceed max_ttl");
    assertThatThrownBy(
            () ->
                new SshProfile(
                    "u", "user", List.of("a"), null, null, null, null, List.of("dsa"), null, null))
        .hasMessageContaining("allowed_key_types: dsa");
    assertThatThrownBy(
            () ->
                new SshProfile("u", "user", List.of("a"), null, null, null, null, null, 1024, null))
        .hasMessageContaining("min_rsa_bits");
    SshProfile shortOne =
        new SshProfile(
            "u", "user", List.of("a"), null, new SshTtl(600), null, null, null, null, null);
    assertThat(shortOne.defaultTtl().seconds()).isEqualTo(600);
  }

  @Test
  void signingCertifiesTheKeyForAllowedPrincipalsWithTheCallersKeyId() {
    run(CREATE_PROFILE, userProfile("dev", List.of("{{username}}", "deploy-*", "ops")));
    SignedCertificate signed = sign(ALICE, "dev", List.of("alice", "deploy-web", "ops"), null);
    assertThat(signed.keyId()).isEqualTo("alice-" + signed.serialNumber().text());
    assertThat(signed.ttl().text()).isEqualTo("1h");
    assertThat(signed.ttlCapped()).isFalse();
    assertThat(signed.notice()).isNull();
    assertThat(signed.validAfter()).isEqualTo(START);
    assertThat(signed.validBefore()).isEqualTo(START.plus(Duration.ofHours(1)));

    SshCertificate.Parsed parsed = parse(signed.certificate());
    assertThat(parsed.signatureValid()).isTrue();
    assertThat(parsed.caKey())
        .isEqualTo(SshPublicKey.parse(run(GET_CA_KEY, new GetCaKey()).publicKey()));
    SshCertificate cert = parsed.certificate();
    assertThat(cert.type()).isEqualTo(SshCertificate.USER);
    assertThat(cert.serial()).isEqualTo(signed.serialNumber().value());
    assertThat(cert.principals()).containsExactly("alice", "deploy-web", "ops");
    assertThat(cert.extensions()).containsOnlyKeys("permit-pty");
    assertThat(cert.criticalOptions()).containsEntry("source-address", "127.0.0.1/32");
    assertThat(cert.validBefore() - cert.validAfter()).isEqualTo(3600);

    IssuedCertificate record = run(GET_CERT, new GetCertificate(signed.serialNumber()));
    assertThat(record.requestedBy()).isEqualTo("alice");
    assertThat(record.keyFingerprint()).isEqualTo(cert.key().fingerprint());
    assertThat(record.principals()).containsExactly("alice", "deploy-web", "ops");
    assertThat(record.certificate()).isEqualTo(signed.certificate());
    assertThat(record.revoked()).isFalse();
  }

  @Test
  void aPrincipalOutsideTheProfileIsRefusedByName() {
    run(CREATE_PROFILE, userProfile("dev", List.of("{{username}}", "deploy-*")));
    assertThatThrownBy(() -> sign(ALICE, "dev", List.of("alice", "root"), null))
        .isInstanceOf(DomainException.Forbidden.class)
        .hasMessage("principal root is not allowed by profile dev");
    // {{username}} is the caller: bob cannot take alice's name
    assertThatThrownBy(() -> sign(BOB, "dev", List.of("alice"), null))
        .isInstanceOf(DomainException.Forbidden.class)
        .hasMessage("principal alice is not allowed by profile dev");
    assertThat(sign(BOB, "dev", List.of("bob"), null).keyId()).startsWith("bob-");
    // glob characters in a template are wildcards only where the profile wrote them
    assertThatThrownBy(() -> sign(ALICE, "dev", List.of("deploy"), null))
        .isInstanceOf(DomainException.Forbidden.class);
    assertThat(run(LIST_CERTS, new ListCertificates(null, null)).certs()).hasSize(1);
  }

  @Test
  void aLongerTtlIsCappedAndTheAnswerSaysSo() {
    run(CREATE_PROFILE, userProfile("dev", List.of("alice")));
    SignedCertificate signed = sign(ALICE, "dev", List.of("alice"), "2d");
    assertThat(signed.ttlCapped()).isTrue();
    assertThat(signed.ttl().text()).isEqualTo("8h");
    assertThat(signed.notice()).isEqualTo("ttl 2d capped at profile dev's max_ttl 8h");
    assertThat(signed.validBefore()).isEqualTo(START.plus(Duration.ofHours(8)));
    assertThat(sign(ALICE, "dev", List.of("alice"), "30m").ttl().seconds()).isEqualTo(1800);
  }

  @Test
  void garbageKeysAreInvalidAndRefusedKindsForbidden() {
    run(
        CREATE_PROFILE,
        new SshProfile(
            "ed",
            "user",
            List.of("alice"),
            null,
            null,
            null,
            null,
            List.of("ed25519", "rsa"),
            4096,
            null));
    assertThatThrownBy(
            () ->
                run(
                    SIGN,
                    new SignKey("ed", "ssh-ed25519 AAAAnotakey", List.of("alice"), null, null)))
        .isInstanceOf(DomainException.InvalidInput.class)
        .hasMessageStartingWith("public_key: ");
    assertThatThrownBy(
            () -> run(SIGN, new SignKey("ed", "hello world", List.of("alice"), null, null)))
        .isInstanceOf(DomainException.InvalidInput.class);
    assertThatThrownBy(
            () ->
                run(
                    SIGN,
                    new SignKey("ed", newKey(SshKeyType.ECDSA_P256), List.of("alice"), null, null)))
        .isInstanceOf(DomainException.Forbidden.class)
        .hasMessageContaining("does not certify ecdsa-p256 keys");
    assertThatThrownBy(
            () ->
                run(
                    SIGN,
                    new SignKey("nope", newKey(SshKeyType.ED25519), List.of("alice"), null, null)))
        .isInstanceOf(DomainException.NotFound.class);
    assertThatThrownBy(
            () ->
                run(
                    SIGN,
                    new SignKey("ed", newKey(SshKeyType.ED25519), List.of("alice"), null, "mine")))
        .isInstanceOf(DomainException.Forbidden.class)
        .hasMessageContaining("allow_user_key_ids");
    assertThatThrownBy(() -> new SignKey("ed", newKey(SshKeyType.ED25519), List.of(), null, null))
        .hasMessageContaining("principals must name at least one principal");
    assertThat(storage.list("certs/")).isEmpty();
  }

  @Test
  void hostProfilesMakeHostCertificatesAndUserKeyIdsWhenAllowed() {
    run(
        CREATE_PROFILE,
        new SshProfile(
            "hosts", "host", List.of("*.example.com"), null, null, null, null, null, null, true));
    SignedCertificate signed =
        run(
            SIGN,
            new SignKey(
                "hosts",
                newKey(SshKeyType.ECDSA_P384),
                List.of("web.example.com"),
                null,
                "web-2026"));
    assertThat(signed.keyId()).isEqualTo("web-2026");
    SshCertificate cert = parse(signed.certificate()).certificate();
    assertThat(cert.type()).isEqualTo(SshCertificate.HOST);
    assertThat(cert.extensions()).isEmpty();
  }

  @Test
  void revokingBySerialAndByKeyIdUpdatesRecordsAndTheKrl(@TempDir Path dir) throws Exception {
    run(
        CREATE_PROFILE,
        new SshProfile("dev", "user", List.of("*"), null, null, null, null, null, null, true));
    SignedCertificate one = sign(ALICE, "dev", List.of("alice"), null);
    SignedCertificate two = sign(ALICE, "dev", List.of("alice"), null);
    SignedCertificate three =
        run(
            SIGN,
            new SignKey("dev", newKey(SshKeyType.ED25519), List.of("bob"), null, "bob-laptop"));
    long v1 = run(GET_KRL, new GetKrl(null)).version();

    clock.advance(Duration.ofMinutes(5));
    Revocation r = run(REVOKE, new RevokeCertificate(one.serialNumber(), null));
    assertThat(r.serialNumbers()).containsExactly(one.serialNumber());
    assertThat(r.krlVersion()).isEqualTo(v1 + 1);
    assertThat(r.revokedAt()).isEqualTo(START.plus(Duration.ofMinutes(5)));
    // revoking again changes nothing
    assertThat(run(REVOKE, new RevokeCertificate(one.serialNumber(), null)).krlVersion())
        .isEqualTo(v1 + 1);
    Revocation byId = run(REVOKE, new RevokeCertificate(null, "bob-laptop"));
    assertThat(byId.serialNumbers()).containsExactly(three.serialNumber());
    assertThat(byId.krlVersion()).isEqualTo(v1 + 2);
    assertThatThrownBy(() -> run(REVOKE, new RevokeCertificate(null, "nobody")))
        .isInstanceOf(DomainException.NotFound.class);

    assertThat(run(GET_CERT, new GetCertificate(one.serialNumber())).revokedAt())
        .isEqualTo(r.revokedAt());
    assertThat(run(LIST_CERTS, new ListCertificates(null, true)).certs())
        .extracting(IssuedCertificate::serialNumber)
        .containsExactlyInAnyOrder(one.serialNumber(), three.serialNumber());
    assertThat(run(LIST_CERTS, new ListCertificates("alice", false)).certs())
        .extracting(IssuedCertificate::serialNumber)
        .containsExactly(two.serialNumber());
    assertThat(run(LIST_CERTS, new ListCertificates(null, null)).certs().get(0).certificate())
        .isNull();

    // OpenSSH reads the KRL, signed and unsigned, and finds exactly the revoked ones
    for (boolean signedKrl : new boolean[] {true, false}) {
      Path krl = dir.resolve("krl-" + signedKrl);
      Files.write(krl, run(GET_KRL, new GetKrl(signedKrl)).krl());
      assertThat(query(dir, krl, one.certificate())).isTrue();
      assertThat(query(dir, krl, two.certificate())).isFalse();
      assertThat(query(dir, krl, three.certificate())).isTrue();
    }
  }

  @Test
  void theCaKeyAndTheKrlSurviveReopening() {
    run(CREATE_PROFILE, userProfile("dev", List.of("alice")));
    String ca = run(GET_CA_KEY, new GetCaKey()).publicKey();
    SignedCertificate signed = sign(ALICE, "dev", List.of("alice"), null);
    run(REVOKE, new RevokeCertificate(signed.serialNumber(), null));
    byte[] krl = run(GET_KRL, new GetKrl(true)).krl();
    engine.close();
    assertThatThrownBy(() -> run(GET_CA_KEY, new GetCaKey()))
        .isInstanceOf(IllegalStateException.class);
    engine = open(Map.of());
    assertThat(run(GET_CA_KEY, new GetCaKey()).publicKey()).isEqualTo(ca);
    assertThat(run(GET_KRL, new GetKrl(true)).krl()).isEqualTo(krl);
    assertThat(run(GET_KRL, new GetKrl(true)).revokedSerials()).isEqualTo(1);
  }

  @Test
  void mountConfigChoosesOrImportsTheKeyAndNeverStoresItInTheConfig() throws Exception {
    for (SshKeyType t : new SshKeyType[] {SshKeyType.ECDSA_P256, SshKeyType.ECDSA_P384}) {
      Map<String, Object> config = type.validateConfig(Map.of("key_type", t.wireName()));
      assertThat(config).isEqualTo(Map.of("key_type", t.wireName()));
      Engine e = type.open(new EngineContext("m", config, new InMemoryEngineStorage(), clock));
      assertThat(e.handle(GET_CA_KEY, new GetCaKey(), ALICE).keyType()).isEqualTo(t.wireName());
    }
    assertThat(type.validateConfig(Map.of())).isEqualTo(Map.of("key_type", "ed25519"));
    assertThatThrownBy(() -> type.validateConfig(Map.of("key_type", "dsa")))
        .isInstanceOf(DomainException.InvalidInput.class)
        .hasMessageContaining("key_type must be one of ed25519, ecdsa-p256, ecdsa-p384, rsa-4096");
    assertThatThrownBy(() -> type.validateConfig(Map.of("colour", "red")))
        .hasMessageContaining("unknown config field colour");
    assertThatThrownBy(() -> type.validateConfig(Map.of("private_key", "garbage")))
        .isInstanceOf(DomainException.InvalidInput.class)
        .hasMessageContaining("private_key");

    Path dir = Files.createTempDirectory("sshca");
    Path keyFile = dir.resolve("ca");
    Process p =
        new ProcessBuilder("ssh-keygen", "-q", "-N", "", "-t", "ed25519", "-f", keyFile.toString())
            .start();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    String pem = Files.readString(keyFile);
    Map<String, Object> config = type.validateConfig(Map.of("private_key", pem));
    assertThat(config)
        .containsEntry("key_type", "ed25519")
        .containsEntry("imported", true)
        .doesNotContainKey("private_key");
    assertThat(config.toString()).doesNotContain("OPENSSH");
    InMemoryEngineStorage other = new InMemoryEngineStorage();
    Engine imported = type.open(new EngineContext("m", config, other, clock));
    assertThat(imported.handle(GET_CA_KEY, new GetCaKey(), ALICE).publicKey())
        .isEqualTo(
            Files.readString(dir.resolve("ca.pub")).strip().split(" ")[0]
                + " "
                + Files.readString(dir.resolve("ca.pub")).strip().split(" ")[1]);
    // reopened later, the key comes from the mount's storage, not from memory
    Engine again = type.open(new EngineContext("m", config, other, clock));
    assertThat(again.handle(GET_CA_KEY, new GetCaKey(), ALICE).publicKey())
        .isEqualTo(imported.handle(GET_CA_KEY, new GetCaKey(), ALICE).publicKey());
  }

  private static SshCertificate.Parsed parse(String line) {
    return SshCertificate.parse(Base64.getDecoder().decode(line.split(" ")[1]));
  }

  private static boolean query(Path dir, Path krl, String certLine) throws Exception {
    Path cert = Files.createTempFile(dir, "q", "-cert.pub");
    Files.writeString(cert, certLine + "\n");
    Process p =
        new ProcessBuilder("ssh-keygen", "-Q", "-f", krl.toString(), cert.toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(out).containsAnyOf("REVOKED", ": ok");
    return out.contains("REVOKED");
  }
}
