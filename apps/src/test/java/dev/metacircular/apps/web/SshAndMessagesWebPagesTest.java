package dev.metacircular.apps.web;

import static dev.metacircular.apps.web.CryptoWebEnvironment.SEAL_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.crypto.in.CryptoUseCases;
import dev.metacircular.ports.policy.Effect;
import dev.metacircular.ports.policy.PolicyRule;
import dev.metacircular.ports.policy.ResourceMatch;
import dev.metacircular.ports.policy.SubjectMatch;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SSH CA and user-to-user pages over the real TLS server and core: profiles created from the
 * form, a pasted OpenSSH key signed (and judged by {@code ssh-keygen -L}), the issued certificate
 * listed and revoked; a user registering, writing to another and that one reading; the ACL deciding
 * on every form.
 */
class SshAndMessagesWebPagesTest {
  @TempDir Path dir;
  CryptoWebEnvironment env;
  PageClient root;

  @BeforeEach
  void start() {
    env = new CryptoWebEnvironment(dir);
    root = new PageClient(env.baseUrl(), env.cert);
    root.get("/init");
    HttpResponse<String> r =
        root.submit("/init", "password", SEAL_PASSWORD, "confirm", SEAL_PASSWORD);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(303);
    CryptoUseCases api = env.crypto.core().useCases();
    Caller tool = Caller.offlineTool("test");
    api.mounts().mount(tool, "ssh", "sshca", Map.of());
    api.mounts().mount(tool, "msg", "user", Map.of());
    api.acl()
        .create(
            tool,
            new PolicyRule(
                "users-message",
                50,
                Effect.ALLOW,
                "every user may register, write and read on msg",
                new SubjectMatch(null, List.of("user"), null),
                new ResourceMatch(null, null, List.of("msg"), null),
                List.of("register", "rotate", "get-public-key", "encrypt", "decrypt")));
    CryptoWebPagesTest.signIn(root, "root");
  }

  @AfterEach
  void stop() {
    env.close();
  }

  @Test
  void anAdminCreatesAProfileSignsAPastedKeyThatSshKeygenReadsAndRevokesIt() throws Exception {
    assertThat(root.get("/dashboard").body()).contains("href=\"/ssh/ssh\"", "href=\"/u2u/msg\"");
    String page = root.get("/ssh/ssh").body();
    assertThat(page)
        .contains("ssh-ed25519 AAAA", "href=\"/v1/ssh/ssh/ca\"", "href=\"/v1/ssh/ssh/krl\"")
        .contains("No profiles yet.", "No certificates yet.");

    HttpResponse<String> created =
        root.submit(
            "/ssh/ssh/profiles",
            "name",
            "ops",
            "cert_type",
            "user",
            "allowed_principals",
            "deploy, ops-*",
            "default_ttl",
            "1h",
            "max_ttl",
            "8h",
            "extensions",
            "permit-pty",
            "source_address",
            "127.0.0.1/32");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(303);
    assertThat(root.follow(created).body())
        .contains("Created profile ops (user certificates).", "data-profile=\"ops\"")
        .contains("deploy, ops-*", "permit-pty", "source-address");

    Path key = dir.resolve("id_ed25519");
    run("ssh-keygen", "-q", "-N", "", "-t", "ed25519", "-C", "alice@laptop", "-f", key.toString());
    String publicKey = Files.readString(dir.resolve("id_ed25519.pub")).strip();
    HttpResponse<String> signed =
        root.submit(
            "/ssh/ssh/sign",
            "profile",
            "ops",
            "public_key",
            publicKey,
            "principals",
            "deploy,ops-web",
            "ttl",
            "48h");
    assertThat(signed.statusCode()).as(signed.body()).isEqualTo(200);
    Matcher cert =
        Pattern.compile("(ssh-ed25519-cert-v01@openssh.com [A-Za-z0-9+/=]+)")
            .matcher(signed.body());
    assertThat(cert.find()).isTrue();
    assertThat(signed.body()).contains("id=\"sign-notice\"", "8h");
    Files.writeString(dir.resolve("id_ed25519-cert.pub"), cert.group(1) + "\n");
    String listing = run("ssh-keygen", "-L", "-f", dir.resolve("id_ed25519-cert.pub").toString());
    assertThat(listing)
        .contains("Type: ssh-ed25519-cert-v01@openssh.com user certificate")
        .contains("deploy", "ops-web", "permit-pty", "source-address 127.0.0.1/32");
    Matcher serial = Pattern.compile("Signed ([0-9]+)").matcher(signed.body());
    assertThat(serial.find()).isTrue();
    assertThat(listing).contains("Serial: " + serial.group(1));

    String listed = root.get("/ssh/ssh").body();
    assertThat(listed).contains("data-serial=\"" + serial.group(1) + "\"", "deploy, ops-web");
    HttpResponse<String> revoked = root.submit("/ssh/ssh/certs/" + serial.group(1) + "/revoke");
    assertThat(revoked.statusCode()).isEqualTo(303);
    assertThat(root.follow(revoked).body())
        .contains("Revoked " + serial.group(1), "the KRL is now version");

    HttpResponse<String> outside =
        root.submit(
            "/ssh/ssh/sign", "profile", "ops", "public_key", publicKey, "principals", "root");
    assertThat(outside.statusCode()).isEqualTo(403);
    assertThat(outside.body()).contains("root");
    HttpResponse<String> garbage =
        root.submit(
            "/ssh/ssh/sign", "profile", "ops", "public_key", "ssh-ed25519 bm90", "principals", "x");
    assertThat(garbage.statusCode()).isEqualTo(400);
    HttpResponse<String> badProfile =
        root.submit(
            "/ssh/ssh/profiles",
            "name",
            "hosts",
            "cert_type",
            "host",
            "allowed_principals",
            "*.test",
            "extensions",
            "permit-pty");
    assertThat(badProfile.statusCode()).isEqualTo(400);
    assertThat(badProfile.body()).contains("a host profile takes none");

    HttpResponse<String> deleted = root.submit("/ssh/ssh/profiles/ops/delete");
    assertThat(deleted.statusCode()).isEqualTo(303);
    assertThat(root.follow(deleted).body()).contains("Deleted profile ops.", "No profiles yet.");
  }

  @Test
  void aUserWithoutAnAclRuleCannotSignOrListOnTheSshPage() {
    PageClient alice = new PageClient(env.baseUrl(), env.cert);
    CryptoWebPagesTest.signIn(alice, "alice");
    HttpResponse<String> page = alice.get("/ssh/ssh");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("id=\"list-error\"", "ssh-ed25519 AAAA");
    HttpResponse<String> sign =
        alice.submit(
            "/ssh/ssh/sign", "profile", "ops", "public_key", "garbage", "principals", "alice");
    // Refused before the pasted key is even read: a denied caller learns nothing from his data.
    assertThat(sign.statusCode()).isEqualTo(403);
    assertThat(
            location(
                alice.get(
                    "/transit?mount=ssh&page=" + URLEncoder.encode("ssh", StandardCharsets.UTF_8))))
        .isEqualTo("/ssh/ssh");
    assertThat(alice.get("/transit?mount=msg&page=elsewhere").statusCode()).isEqualTo(400);
  }

  @Test
  void usersRegisterWriteToEachOtherAndOnlyRecipientsRead() {
    PageClient alice = new PageClient(env.baseUrl(), env.cert);
    CryptoWebPagesTest.signIn(alice, "alice");
    assertThat(alice.get("/u2u/msg").body()).contains("id=\"register-form\"");
    HttpResponse<String> registered = alice.submit("/u2u/msg/register");
    assertThat(registered.statusCode()).isEqualTo(303);
    assertThat(alice.follow(registered).body())
        .contains("key is registered (version 1)", "id=\"public-key\"", "id=\"rotate-form\"");

    HttpResponse<String> toNobody =
        alice.submit("/u2u/msg/encrypt", "recipients", "root", "message", "hello");
    assertThat(toNobody.statusCode()).isEqualTo(404);
    assertThat(toNobody.body()).contains("root has not registered a key");

    HttpResponse<String> sealed =
        alice.submit(
            "/u2u/msg/encrypt",
            "recipients",
            "alice",
            "message",
            "meet at noon ✓",
            "context",
            "thread-7");
    assertThat(sealed.statusCode()).as(sealed.body()).isEqualTo(200);
    Matcher envelope =
        Pattern.compile("id=\"envelope-out\" class=\"mono\">([A-Za-z0-9+/=_-]+)<")
            .matcher(sealed.body());
    assertThat(envelope.find()).as(sealed.body()).isTrue();
    assertThat(sealed.body()).doesNotContain("meet at noon");

    HttpResponse<String> rotated = alice.submit("/u2u/msg/rotate");
    assertThat(alice.follow(rotated).body()).contains("Rotated your key to version 2");

    HttpResponse<String> opened = alice.submit("/u2u/msg/decrypt", "envelope", envelope.group(1));
    assertThat(opened.statusCode()).as(opened.body()).isEqualTo(200);
    assertThat(opened.body()).contains("meet at noon ✓", "id=\"sender-out\">alice<", "thread-7");

    // root is no recipient: refused, and no plaintext in the answer.
    HttpResponse<String> notForRoot =
        root.submit("/u2u/msg/decrypt", "envelope", envelope.group(1));
    assertThat(notForRoot.statusCode()).isEqualTo(403);
    assertThat(notForRoot.body()).doesNotContain("meet at noon");

    String flipped =
        envelope.group(1).substring(0, 20)
            + (envelope.group(1).charAt(20) == 'A' ? 'B' : 'A')
            + envelope.group(1).substring(21);
    HttpResponse<String> tampered = alice.submit("/u2u/msg/decrypt", "envelope", flipped);
    assertThat(tampered.statusCode()).isEqualTo(400);
    assertThat(tampered.body()).doesNotContain("meet at noon");
  }

  private static String location(HttpResponse<?> r) {
    return CryptoWebPagesTest.location(r);
  }

  private static String run(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }
}
