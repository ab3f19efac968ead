package dev.metacircular.apps.mciasdb;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.metacircular.apps.cli.Run;
import dev.metacircular.apps.config.MasterKeyFile;
import dev.metacircular.apps.config.McIasConfigLoader;
import dev.metacircular.apps.identity.LocalIdentity;
import dev.metacircular.crypto.SecureRandoms;
import dev.metacircular.ports.identity.IssuedToken;
import dev.metacircular.ports.identity.in.LoginCommand;
import dev.metacircular.sqlite.SqliteIdentityStorage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The offline tool, run in-process through {@code mc mcias db} against a temporary database. */
class DbCommandsTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String PASSPHRASE_VAR = "MCIAS_MASTER_PASSPHRASE";
  static final Map<String, String> ENV = Map.of(PASSPHRASE_VAR, "a test passphrase, long enough");

  @TempDir Path dir;
  Path config;

  @BeforeEach
  void writeConfig() throws IOException {
    // A key file keeps each command fast (no KDF); the passphrase tests use their own config.
    MasterKeyFile.create(dir.resolve("master.key"), SecureRandoms.bytes(32));
    config = writeConfig("mcias.toml", "keyfile = \"" + dir.resolve("master.key") + "\"");
  }

  private Path writeConfig(String name, String masterKey) throws IOException {
    return Files.writeString(
        dir.resolve(name),
        "[server]\nlisten_addr = \"127.0.0.1:0\"\ntls_cert = \"unused.crt\"\ntls_key = \"unused.key\"\n"
            + "[database]\npath = \""
            + dir.resolve("mcias.db")
            + "\"\n"
            + "[tokens]\nissuer = \"https://test.example\"\n"
            + "[master_key]\n"
            + masterKey
            + "\n"
            // OWASP's minimum keeps password hashing fast; the server default is stronger.
            + "[security]\nargon2_time = 2\nargon2_memory_kib = 19456\nargon2_threads = 1\n");
  }

  private Run.Result db(String... args) {
    return dbWithStdin("", args);
  }

  private Run.Result dbWithStdin(String stdin, String... args) {
    List<String> all = new ArrayList<>(List.of("mcias", "db", "--config", config.toString()));
    all.addAll(List.of(args));
    return Run.mcWithStdin(ENV, stdin, all.toArray(String[]::new));
  }

  private UUID create(String username, String type) {
    Run.Result r = db("account", "create", "--username", username, "--type", type);
    assertThat(r.exitCode()).as(r.err()).isZero();
    return UUID.fromString(r.out().trim());
  }

  @Test
  void theFirstRunSetupFromTheRunbookWorks() {
    UUID id = create("admin", "human");

    Run.Result set =
        dbWithStdin("a long enough password\n", "account", "set-password", "--id", id.toString());
    Run.Result grant = db("role", "grant", "--id", id.toString(), "--role", "admin");
    Run.Result roles = db("role", "list", "--id", id.toString());
    Run.Result list = db("account", "list");
    Run.Result get = db("account", "get", "--id", id.toString());

    assertThat(set.exitCode()).as(set.err()).isZero();
    assertThat(set.out()).contains("password set for admin");
    assertThat(set.out() + set.err()).doesNotContain("a long enough password");
    assertThat(grant.exitCode()).isZero();
    assertThat(roles.out().trim()).isEqualTo("admin");
    assertThat(list.outLines()[0]).startsWith("ID").contains("USERNAME", "ROLES");
    assertThat(list.out()).contains(id.toString(), "admin", "human", "active");
    assertThat(get.out()).contains("id:       " + id, "username: admin", "roles:    admin");
    try (LocalIdentity identity = open()) {
      IssuedToken token =
          identity
              .core()
              .login()
              .login(
                  new LoginCommand(
                      "admin", "a long enough password".toCharArray(), null, null, null, "test"));
      assertThat(identity.core().tokens().validate(token.token()).valid()).isTrue();
    }
  }

  @Test
  void everyChangeIsAuditedWithTheToolAsActor() throws IOException {
    UUID id = create("alice", "human");
    dbWithStdin("another long password\n", "account", "set-password", "--id", id.toString());
    db("role", "grant", "--id", id.toString(), "--role", "user");

    Run.Result tail = db("audit", "tail", "--n", "10", "--json");
    Run.Result table = db("audit", "tail");
    Run.Result query =
        db("audit", "query", "--account", id.toString(), "--type", "roles_changed", "--json");

    assertThat(tail.exitCode()).as(tail.err()).isZero();
    List<JsonNode> events = new ArrayList<>();
    for (String line : tail.outLines()) {
      events.add(JSON.readTree(line));
    }
    assertThat(events)
        .extracting(e -> e.get("type").asText())
        .contains("account_created", "password_changed", "roles_changed");
    assertThat(events)
        .filteredOn(e -> !e.get("type").asText().equals("policy_rule_created"))
        .isNotEmpty()
        .allSatisfy(e -> assertThat(e.get("actor").asText()).isEqualTo("mciasdb"));
    assertThat(tail.out()).doesNotContain("another long password");
    assertThat(table.outLines()[0]).startsWith("ID").contains("TYPE", "ACTOR");
    assertThat(query.outLines()).hasSize(1);
    assertThat(JSON.readTree(query.out()).get("subject").asText()).isEqualTo(id.toString());
  }

  @Test
  void tokensCanBeListedAndRevokedOffline() {
    UUID id = create("bob", "human");
    dbWithStdin("bob's long password\n", "account", "set-password", "--id", id.toString());
    String token;
    try (LocalIdentity identity = open()) {
      token =
          identity
              .core()
              .login()
              .login(
                  new LoginCommand(
                      "bob", "bob's long password".toCharArray(), null, null, null, "test"))
              .token();
    }

    Run.Result list = db("token", "list", "--id", id.toString());
    Run.Result revokeAll = db("token", "revoke-all", "--id", id.toString());
    Run.Result prune = db("prune", "tokens");

    assertThat(list.outLines()).hasSize(2);
    assertThat(list.out()).contains("login");
    assertThat(revokeAll.exitCode()).as(revokeAll.err()).isZero();
    assertThat(revokeAll.out()).contains("revoked 1 token");
    assertThat(prune.exitCode()).as(prune.err()).isZero();
    assertThat(prune.out()).contains("pruned 0");
    try (LocalIdentity identity = open()) {
      assertThat(identity.core().tokens().validate(token).valid()).isFalse();
    }
  }

  @Test
  void statusAndTotpCanBeChanged() {
    UUID id = create("carol", "human");

    Run.Result inactive =
        db("account", "set-status", "--id", id.toString(), "--status", "inactive");
    Run.Result shown = db("account", "get", "--id", id.toString());
    Run.Result reset = db("account", "reset-totp", "--id", id.toString());
    Run.Result deleted = db("account", "set-status", "--id", id.toString(), "--status", "deleted");

    assertThat(inactive.exitCode()).as(inactive.err()).isZero();
    assertThat(shown.out()).contains("status:   inactive");
    assertThat(reset.exitCode()).as(reset.err()).isZero();
    assertThat(deleted.exitCode()).as(deleted.err()).isZero();
    assertThat(db("account", "list").out()).doesNotContain("carol");
  }

  @Test
  void schemaVerifyAndSnapshotNeedNoMasterKey() throws IOException {
    create("dave", "system");
    Map<String, String> noKey = Map.of();
    Path snapshot = dir.resolve("backup").resolve("snap.db");
    Files.createDirectories(snapshot.getParent());

    Run.Result verify =
        Run.mc(noKey, "mcias", "db", "--config", config.toString(), "schema", "verify");
    Run.Result migrate =
        Run.mc(noKey, "mcias", "db", "--config", config.toString(), "schema", "migrate");
    Run.Result snap =
        Run.mc(
            noKey,
            "mcias",
            "db",
            "--config",
            config.toString(),
            "snapshot",
            "--output",
            snapshot.toString());

    assertThat(verify.exitCode()).as(verify.err()).isZero();
    assertThat(verify.out()).contains("up to date");
    assertThat(migrate.exitCode()).as(migrate.err()).isZero();
    assertThat(migrate.out()).contains("already up to date");
    assertThat(snap.exitCode()).as(snap.err()).isZero();
    assertThat(snapshot).isRegularFile();

    // The snapshot is a complete database: the offline tool reads it with the same key.
    Files.writeString(
        config,
        Files.readString(config).replace(dir.resolve("mcias.db").toString(), snapshot.toString()));
    assertThat(db("account", "list").out()).contains("dave", "system");
  }

  @Test
  void schemaVerifyFailsAndSaysWhatToRunWhenBehind() {
    create("erin", "human");
    int latest;
    try (SqliteIdentityStorage storage =
        SqliteIdentityStorage.openWithoutMigrating(dir.resolve("mcias.db"))) {
      latest = storage.schemaStatus().latestVersion();
    }

    Run.Result forced = db("schema", "force", "--version", "0");
    Run.Result behind = db("schema", "verify");
    Run.Result restored = db("schema", "force", "--version", Integer.toString(latest));
    Run.Result current = db("schema", "verify");
    Run.Result outOfRange = db("schema", "force", "--version", Integer.toString(latest + 1));

    assertThat(forced.exitCode()).as(forced.err()).isZero();
    assertThat(behind.exitCode()).isEqualTo(1);
    assertThat(behind.out())
        .contains("schema version 0, latest " + latest, "pending", "schema migrate");
    assertThat(restored.exitCode()).as(restored.err()).isZero();
    assertThat(current.exitCode()).isZero();
    assertThat(outOfRange.exitCode()).isEqualTo(1);
  }

  @Test
  void theConfigOptionMayFollowTheSubcommand() {
    Run.Result r =
        Run.mc(
            ENV,
            "mcias",
            "db",
            "account",
            "create",
            "--username",
            "frank",
            "--type",
            "human",
            "--config",
            config.toString());

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(UUID.fromString(r.out().trim())).isNotNull();
  }

  @Test
  void usageErrorsExitTwo() {
    assertThat(db("account", "get", "--id", "not-a-uuid").exitCode()).isEqualTo(2);
    assertThat(db("account", "create", "--username", "x", "--type", "robot").exitCode())
        .isEqualTo(2);
    assertThat(
            db("role", "grant", "--id", UUID.randomUUID().toString(), "--role", "root").exitCode())
        .isEqualTo(2);
    assertThat(db("audit", "query", "--since", "yesterday").exitCode()).isEqualTo(2);
    assertThat(db("account").exitCode()).isEqualTo(2);
    Run.Result noPasswordFlag =
        db("account", "set-password", "--id", UUID.randomUUID().toString(), "--password", "x");
    assertThat(noPasswordFlag.exitCode()).isEqualTo(2);
    assertThat(noPasswordFlag.err()).contains("Unknown option");
  }

  @Test
  void runtimeFailuresExitOneWithOneLine() {
    Run.Result unknown = db("account", "get", "--id", UUID.randomUUID().toString());
    Run.Result duplicate1 = db("account", "create", "--username", "gina", "--type", "human");
    Run.Result duplicate2 = db("account", "create", "--username", "gina", "--type", "human");
    Run.Result shortPassword =
        dbWithStdin("short\n", "account", "set-password", "--id", duplicate1.out().trim());

    assertThat(unknown.exitCode()).isEqualTo(1);
    assertThat(unknown.err().lines()).hasSize(1).allMatch(l -> l.startsWith("mc: "));
    assertThat(duplicate2.exitCode()).isEqualTo(1);
    assertThat(duplicate2.err()).contains("already exists");
    assertThat(shortPassword.exitCode()).isEqualTo(1);
    assertThat(shortPassword.err()).contains("at least 12 characters");
  }

  @Test
  void aMissingPassphraseIsNamed() throws IOException {
    Path passphraseConfig =
        writeConfig("passphrase.toml", "passphrase_env = \"" + PASSPHRASE_VAR + "\"");

    Run.Result r =
        Run.mc(Map.of(), "mcias", "db", "--config", passphraseConfig.toString(), "account", "list");

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err().trim())
        .isEqualTo("mc: environment variable MCIAS_MASTER_PASSPHRASE is not set");
    assertThat(dir.resolve("mcias.db")).doesNotExist();
  }

  @Test
  void aWrongPassphraseFailsWithoutAStackTrace() throws IOException {
    Path passphraseConfig =
        writeConfig("passphrase.toml", "passphrase_env = \"" + PASSPHRASE_VAR + "\"");
    Run.Result created =
        Run.mc(
            ENV,
            "mcias",
            "db",
            "--config",
            passphraseConfig.toString(),
            "account",
            "create",
            "--username",
            "hank",
            "--type",
            "human");
    assertThat(created.exitCode()).as(created.err()).isZero();

    Run.Result r =
        Run.mc(
            Map.of(PASSPHRASE_VAR, "not the passphrase at all"),
            "mcias",
            "db",
            "--config",
            passphraseConfig.toString(),
            "account",
            "list");

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err().lines()).hasSize(1);
    assertThat(r.err()).startsWith("mc: ").doesNotContain("Exception", "\tat ");
    assertThat(r.out()).isEmpty();
  }

  private LocalIdentity open() {
    return LocalIdentity.open(McIasConfigLoader.standard(ENV).load(config), ENV);
  }
}
