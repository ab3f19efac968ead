package dev.metacircular.apps.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.metacircular.apps.crypto.CryptoTestEnvironment.Reply;
import dev.metacircular.crypto.SecretBytes;
import dev.metacircular.crypto.ssh.SshSigningKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SSH CA judged by OpenSSH itself, over the real servers: an {@code sshca} mount with an
 * imported CA key, signing through {@code POST /v1/engine/request} by a non-admin under the ACL,
 * the public CA key and KRL fetched without a token, {@code ssh-keygen -L} and {@code -Q} on what
 * it answers, and a real {@code /usr/sbin/sshd} (its own config, host keys and KRL file in a
 * temporary directory, on a free loopback port) that accepts a signed user certificate, refuses it
 * once revoked and the KRL refreshed, and presents a host certificate the {@code ssh} client trusts
 * through an {@code @cert-authority} known_hosts line. One set of servers for the class.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SshCaEndToEndTest {
  @TempDir static Path dir;
  static CryptoTestEnvironment env;
  static String root;
  static String alice;
  static String osUser = System.getProperty("user.name");
  static Path ssh;
  static Process sshd;
  static int sshdPort;
  static String caKeyPem;

  @BeforeAll
  static void start() throws Exception {
    env = new CryptoTestEnvironment(dir.resolve("servers"));
    env.initAndUnseal();
    root = env.login("root");
    alice = env.login("alice");
    ssh = Files.createDirectories(dir.resolve("ssh"));
    run(
        "ssh-keygen",
        "-q",
        "-N",
        "",
        "-t",
        "ed25519",
        "-C",
        "ca",
        "-f",
        ssh.resolve("ca").toString());
    caKeyPem = Files.readString(ssh.resolve("ca"));
    Reply mount =
        env.post(
            "/v1/engine/mounts",
            root,
            Map.of("name", "ssh", "type", "sshca", "config", Map.of("private_key", caKeyPem)));
    assertThat(mount.status()).as(mount.body()).isEqualTo(201);
    assertThat(mount.body()).doesNotContain("PRIVATE KEY").contains("\"imported\":true");
    ok(
        env.request(
            root,
            "ssh",
            "create-profile",
            Map.of(
                "name", "users",
                "cert_type", "user",
                "allowed_principals", List.of("{{username}}", osUser),
                "default_ttl", "1h",
                "max_ttl", "8h",
                "extensions", Map.of("permit-pty", ""))));
    ok(
        env.request(
            root,
            "ssh",
            "create-profile",
            Map.of(
                "name", "hosts",
                "cert_type", "host",
                "allowed_principals", List.of("*.test.example"),
                "max_ttl", "30d")));
    Reply rule =
        env.post(
            "/v1/policy/rules",
            root,
            Map.of(
                "id",
                "users-sign-ssh",
                "priority",
                10,
                "effect",
                "allow",
                "subjects",
                Map.of("roles", List.of("user")),
                "resources",
                Map.of("mounts", List.of("ssh"), "paths", List.of("profiles/users")),
                "actions",
                List.of("sign")));
    assertThat(rule.status()).as(rule.body()).isEqualTo(201);
  }

  @AfterAll
  static void stop() throws Exception {
    if (sshd != null) {
      sshd.destroy();
      if (!sshd.waitFor(10, TimeUnit.SECONDS)) {
        sshd.destroyForcibly();
      }
    }
    if (env != null) {
      env.close();
    }
  }

  @Test
  @Order(1)
  void theCaKeyIsPublicAndIsTheImportedOne() throws Exception {
    Reply ca = env.get("/v1/ssh/ssh/ca", null);
    assertThat(ca.status()).isEqualTo(200);
    assertThat(ca.raw().headers().firstValue("content-type").orElse("")).startsWith("text/plain");
    String[] expected = Files.readString(ssh.resolve("ca.pub")).strip().split(" ");
    assertThat(ca.body()).isEqualTo(expected[0] + " " + expected[1] + "\n");
    assertThat(env.get("/v1/ssh/nope/ca", null).status()).isEqualTo(404);
    assertThat(env.get("/v1/ssh/ssh/krl?signed=maybe", null).status()).isEqualTo(400);
  }

  @Test
  @Order(2)
  void aUserSignsHerKeyAndSshKeygenReadsTheCertificate() throws Exception {
    Path key = newKey("alice_ed25519", "ed25519");
    JsonNode signed = sign(alice, key, List.of("alice", osUser), "48h");
    assertThat(signed.get("ttl_capped").asBoolean()).isTrue();
    assertThat(signed.get("notice").asText())
        .isEqualTo("ttl 2d capped at profile users's max_ttl 8h");
    String serial = signed.get("serial_number").asText();
    assertThat(signed.get("key_id").asText()).isEqualTo("alice-" + serial);
    String listing = run("ssh-keygen", "-L", "-f", cert(key).toString());
    assertThat(listing)
        .contains("Type: ssh-ed25519-cert-v01@openssh.com user certificate")
        .contains("Key ID: \"alice-" + serial + "\"")
        .contains("Serial: " + serial)
        .contains("alice")
        .contains("permit-pty");

    Reply refused =
        env.request(
            alice,
            "ssh",
            "sign",
            Map.of(
                "profile",
                "users",
                "public_key",
                pub(key),
                "principals",
                List.of("alice", "operator")));
    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.body())
        .isEqualTo("{\"error\":\"principal operator is not allowed by profile users\"}");
    Reply garbage =
        env.request(
            alice,
            "ssh",
            "sign",
            Map.of(
                "profile",
                "users",
                "public_key",
                "ssh-ed25519 AAAAgarbage",
                "principals",
                List.of("alice")));
    assertThat(garbage.status()).isEqualTo(400);
    assertThat(garbage.body()).contains("public_key");
    Reply hostsDenied =
        env.request(
            alice,
            "ssh",
            "sign",
            Map.of(
                "profile",
                "hosts",
                "public_key",
                pub(key),
                "principals",
                List.of("a.test.example")));
    assertThat(hostsDenied.status()).isEqualTo(403);
  }

  @Test
  @Order(3)
  void sshdAcceptsTheUserCertificateThenRefusesItOnceRevokedAndTheKrlRefreshed() throws Exception {
    Path user = newKey("user_ecdsa", "ecdsa");
    JsonNode signed = sign(alice, user, List.of(osUser), null);
    String serial = signed.get("serial_number").asText();
    Path hostKey = newKey("host_ed25519", "ed25519");
    Reply host =
        env.request(
            root,
            "ssh",
            "sign",
            Map.of(
                "profile", "hosts",
                "public_key", pub(hostKey),
                "principals", List.of("sshd.test.example")));
    ok(host);
    Files.writeString(cert(hostKey), host.json().get("data").get("certificate").asText() + "\n");
    assertThat(run("ssh-keygen", "-L", "-f", cert(hostKey).toString()))
        .contains("host certificate")
        .contains("sshd.test.example");

    Files.writeString(ssh.resolve("ca.pub.fetched"), env.get("/v1/ssh/ssh/ca", null).body());
    Files.write(ssh.resolve("revoked.krl"), krl(true));
    Files.writeString(
        ssh.resolve("known_hosts"),
        "@cert-authority *.test.example " + env.get("/v1/ssh/ssh/ca", null).body());
    startSshd(hostKey);

    assertThat(sshLogin(user).exit()).as(sshLogin(user).output()).isZero();
    assertThat(sshdLog()).contains("ID alice-" + serial + " (serial " + serial + ")");

    // revoke; the next KRL fetch has it, and sshd reads the KRL file on every attempt
    ok(env.request(root, "ssh", "revoke", Map.of("serial_number", serial)));
    byte[] krl = krl(true);
    Files.write(ssh.resolve("krl.fetched"), krl);
    Result query =
        exec(
            "ssh-keygen", "-Q", "-f", ssh.resolve("krl.fetched").toString(), cert(user).toString());
    assertThat(query.exit()).isEqualTo(1);
    assertThat(query.output()).contains("REVOKED");
    Files.write(ssh.resolve("revoked.krl"), krl);
    Result denied = sshLogin(user);
    assertThat(denied.exit()).as(denied.output()).isEqualTo(255);
    assertThat(denied.output()).contains("Permission denied");

    // the unsigned form (for OpenSSH 9.4+) revokes the same certificate
    Files.write(ssh.resolve("revoked.krl"), krl(false));
    assertThat(sshLogin(user).exit()).isEqualTo(255);

    JsonNode record =
        env.request(root, "ssh", "get-cert", Map.of("serial_number", serial)).json().get("data");
    assertThat(record.get("revoked").asBoolean()).isTrue();
    assertThat(record.get("requested_by").asText()).isEqualTo("alice");
    assertThat(record.has("revoked_at")).isTrue();

    // the host certificate is what made the client trust the server: without the CA line it fails
    Files.writeString(ssh.resolve("known_hosts"), "");
    Path other = newKey("other_ed25519", "ed25519");
    sign(alice, other, List.of(osUser), null);
    Result unknownHost = sshLogin(other);
    assertThat(unknownHost.exit()).isEqualTo(255);
    assertThat(unknownHost.output()).containsIgnoringCase("host key verification failed");
    Files.writeString(
        ssh.resolve("known_hosts"),
        "@cert-authority *.test.example " + env.get("/v1/ssh/ssh/ca", null).body());
    assertThat(sshLogin(other).exit()).isZero();
  }

  @Test
  @Order(4)
  void everySignAndRevokeIsAudited() {
    Reply audit = env.get("/v1/audit?type=engine_request&limit=1000", root);
    assertThat(audit.status()).as(audit.body()).isEqualTo(200);
    List<String> operations = new ArrayList<>();
    for (JsonNode e : audit.json().get("events")) {
      operations.add(e.get("details").get("operation").asText());
    }
    // Audited before they run, so refusals by the engine count too: alice's three certificates,
    // the host's, her refused principal and her garbage key (the ACL's refusal of the hosts
    // profile is an engine_request_denied event instead).
    assertThat(operations.stream().filter("sign"::equals).count()).isEqualTo(6);
    assertThat(operations).contains("revoke", "create-profile");
  }

  @Test
  @Order(5)
  void theCaPrivateKeyNeverReachesTheDatabaseFileInTheClear() throws Exception {
    SshSigningKey key = SshSigningKey.importText(caKeyPem.toCharArray());
    byte[] seed;
    try (SecretBytes pkcs8 = key.pkcs8()) {
      byte[] der = pkcs8.copy();
      seed = Arrays.copyOfRange(der, der.length - 32, der.length);
    }
    String pemBody = caKeyPem.lines().filter(l -> !l.startsWith("-----")).findFirst().orElseThrow();
    List<Path> files;
    try (Stream<Path> s = Files.list(dir.resolve("servers"))) {
      files = s.filter(p -> p.getFileName().toString().startsWith("metacrypt.db")).toList();
    }
    assertThat(files).isNotEmpty();
    for (Path f : files) {
      byte[] bytes = Files.readAllBytes(f);
      assertThat(indexOf(bytes, seed)).as(f.toString()).isEqualTo(-1);
      assertThat(indexOf(bytes, pemBody.substring(0, 40).getBytes(StandardCharsets.US_ASCII)))
          .isEqualTo(-1);
    }
  }

  // --- helpers ---

  static void ok(Reply r) {
    assertThat(r.status()).as(r.body()).isEqualTo(200);
  }

  static JsonNode sign(String token, Path key, List<String> principals, String ttl)
      throws IOException {
    Map<String, Object> data = new java.util.LinkedHashMap<>();
    data.put("profile", "users");
    data.put("public_key", pub(key));
    data.put("principals", principals);
    if (ttl != null) {
      data.put("ttl", ttl);
    }
    Reply r = env.request(token, "ssh", "sign", data);
    ok(r);
    JsonNode answer = r.json().get("data");
    Files.writeString(cert(key), answer.get("certificate").asText() + "\n");
    return answer;
  }

  static Path newKey(String name, String type) {
    Path key = ssh.resolve(name);
    run("ssh-keygen", "-q", "-N", "", "-t", type, "-f", key.toString());
    return key;
  }

  static String pub(Path key) throws IOException {
    return Files.readString(Path.of(key + ".pub")).strip();
  }

  static Path cert(Path key) {
    return Path.of(key + "-cert.pub");
  }

  static byte[] krl(boolean signed) throws Exception {
    HttpResponse<byte[]> r =
        env.http.send(
            HttpRequest.newBuilder(
                    env.base().resolve("/v1/ssh/ssh/krl" + (signed ? "" : "?signed=false")))
                .timeout(Duration.ofSeconds(30))
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("content-type").orElse(""))
        .startsWith("application/octet-stream");
    return r.body();
  }

  static void startSshd(Path hostKey) throws Exception {
    if (osUser.equals("root")) {
      // sshd as root needs its privilege separation directory; Debian's unit makes it at boot.
      Files.createDirectories(Path.of("/run/sshd"));
    }
    try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      sshdPort = probe.getLocalPort();
    }
    Path config = ssh.resolve("sshd_config");
    Files.writeString(
        config,
        String.join(
            "\n",
            "Port " + sshdPort,
            "ListenAddress 127.0.0.1",
            "HostKey " + hostKey,
            "HostCertificate " + cert(hostKey),
            "TrustedUserCAKeys " + ssh.resolve("ca.pub.fetched"),
            "RevokedKeys " + ssh.resolve("revoked.krl"),
            "PidFile " + ssh.resolve("sshd.pid"),
            "AuthorizedKeysFile none",
            "PubkeyAuthentication yes",
            "PasswordAuthentication no",
            "KbdInteractiveAuthentication no",
            "PermitRootLogin prohibit-password",
            "UsePAM no",
            "StrictModes no",
            "LogLevel VERBOSE",
            ""));
    Files.setPosixFilePermissions(
        hostKey, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    sshd =
        new ProcessBuilder("/usr/sbin/sshd", "-D", "-e", "-f", config.toString())
            .redirectErrorStream(true)
            .redirectOutput(ssh.resolve("sshd.log").toFile())
            .start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (true) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", sshdPort), 500);
        return;
      } catch (IOException notYet) {
        if (!sshd.isAlive() || System.nanoTime() > deadline) {
          throw new AssertionError("sshd did not start: " + sshdLog());
        }
        Thread.sleep(100);
      }
    }
  }

  static String sshdLog() throws IOException {
    return Files.readString(ssh.resolve("sshd.log"));
  }

  record Result(int exit, String output) {}

  static Result sshLogin(Path key) {
    return exec(
        "ssh",
        "-F",
        "/dev/null",
        "-i",
        key.toString(),
        "-o",
        "CertificateFile=" + cert(key),
        "-o",
        "IdentitiesOnly=yes",
        "-o",
        "IdentityAgent=none",
        "-o",
        "BatchMode=yes",
        "-o",
        "StrictHostKeyChecking=yes",
        "-o",
        "UserKnownHostsFile=" + ssh.resolve("known_hosts"),
        "-o",
        "GlobalKnownHostsFile=/dev/null",
        "-o",
        "HostKeyAlias=sshd.test.example",
        "-o",
        "ConnectTimeout=10",
        "-p",
        Integer.toString(sshdPort),
        osUser + "@127.0.0.1",
        "true");
  }

  static String run(String... command) {
    Result r = exec(command);
    if (r.exit() != 0) {
      throw new AssertionError(String.join(" ", command) + " failed: " + r.output());
    }
    return r.output();
  }

  static Result exec(String... command) {
    try {
      Process p =
          new ProcessBuilder(new ArrayList<>(List.of(command))).redirectErrorStream(true).start();
      p.getOutputStream().close();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("timed out: " + String.join(" ", command));
      }
      return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
