package dev.metacircular.apps.backup;

import static dev.metacircular.apps.crypto.CryptoTestEnvironment.SEAL_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import dev.metacircular.apps.cli.Run;
import dev.metacircular.apps.crypto.CryptoTestEnvironment;
import dev.metacircular.apps.crypto.CryptoTestEnvironment.Reply;
import dev.metacircular.sqlite.SqliteIdentityStorage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The restore drill, on the real crypto server and its SQLite file, through {@code mc backup} and
 * {@code mc restore}: write data, back up while the server runs, destroy the database, restore,
 * unseal, read the data back, verify the audit chain. And everything a restore must refuse without
 * touching the live file.
 */
class RestoreDrillTest {
  static final Map<String, String> NO_ENV = Map.of();

  @TempDir Path dir;
  CryptoTestEnvironment env;
  String root;

  @BeforeEach
  void start() {
    env = new CryptoTestEnvironment(dir);
    env.initAndUnseal();
    root = env.login("root");
    assertThat(
            env.post("/v1/engine/mounts", root, Map.of("name", "transit", "type", "transit"))
                .status())
        .isEqualTo(201);
    create("payments");
  }

  @AfterEach
  void stop() {
    env.close();
  }

  void create(String key) {
    Reply r = env.request(root, "transit", "create-key", Map.of("name", key, "type", "aes256-gcm"));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
  }

  String config() {
    return env.configFile.toString();
  }

  Path db() {
    return env.config.databasePath();
  }

  Path backupsDir() {
    return db().resolveSibling("backups");
  }

  Path onlyBackup() throws Exception {
    try (Stream<Path> files = Files.list(backupsDir())) {
      List<Path> dbs = files.filter(f -> f.toString().endsWith(".db")).toList();
      assertThat(dbs).hasSize(1);
      return dbs.get(0);
    }
  }

  @Test
  void aBackupTakenWhileRunningRestoresEverythingAfterTheDatabaseIsLost() throws Exception {
    String hello = Base64.getEncoder().encodeToString("hello".getBytes(StandardCharsets.UTF_8));
    Reply sealed =
        env.request(root, "transit", "encrypt", Map.of("key", "payments", "plaintext", hello));
    assertThat(sealed.status()).isEqualTo(200);
    String ciphertext = sealed.json().get("data").get("ciphertext").asText();

    Run.Result backup = Run.mc(NO_ENV, "backup", "--config", config());
    assertThat(backup.exitCode()).as(backup.err()).isZero();
    Path file = onlyBackup();
    assertThat(backup.out()).contains("backup written to " + file);
    assertThat(Files.readString(BackupFiles.checksumFile(file)))
        .isEqualTo(BackupFiles.sha256(file) + "  " + file.getFileName() + "\n");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(backupsDir())))
        .isEqualTo("rwx------");

    // The running server's file is never overwritten.
    Run.Result refused = Run.mc(NO_ENV, "restore", "--config", config(), file.toString());
    assertThat(refused.exitCode()).isEqualTo(1);
    assertThat(refused.err()).contains("is open in a running service or tool; stop it first");
    create("after-the-backup");

    // Disaster: the server stops and its database is gone.
    env.crypto.close();
    for (String suffix : new String[] {"", "-wal", "-shm"}) {
      Files.deleteIfExists(db().resolveSibling(db().getFileName() + suffix));
    }

    Run.Result restored = Run.mc(NO_ENV, "restore", "--config", config(), file.toString());
    assertThat(restored.exitCode()).as(restored.err()).isZero();
    assertThat(restored.out()).contains("restored " + db());
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(db())))
        .isEqualTo("rw-------");

    env.start();
    assertThat(env.post("/v1/unseal", null, Map.of("password", SEAL_PASSWORD)).status())
        .isEqualTo(200);
    root = env.login("root");
    Reply opened =
        env.request(
            root, "transit", "decrypt", Map.of("key", "payments", "ciphertext", ciphertext));
    assertThat(opened.status()).as(opened.body()).isEqualTo(200);
    assertThat(opened.json().get("data").get("plaintext").asText()).isEqualTo(hello);
    // What was written after the backup is not in it.
    assertThat(env.request(root, "transit", "get-key", Map.of("name", "after-the-backup")).status())
        .isEqualTo(404);
    env.crypto.close();

    Run.Result verified = Run.mc(NO_ENV, "metacrypt", "audit", "verify", "--config", config());
    assertThat(verified.exitCode()).as(verified.out() + verified.err()).isZero();
  }

  @Test
  void aRestoreOverAStoppedServiceKeepsTheReplacedFile() throws Exception {
    assertThat(Run.mc(NO_ENV, "backup", "--config", config()).exitCode()).isZero();
    Path file = onlyBackup();
    create("after-the-backup");
    env.crypto.close();
    byte[] live = Files.readAllBytes(db());

    Run.Result restored = Run.mc(NO_ENV, "restore", "--config", config(), file.toString());

    assertThat(restored.exitCode()).as(restored.err()).isZero();
    try (Stream<Path> files = Files.list(db().getParent())) {
      Path aside =
          files
              .filter(f -> f.getFileName().toString().startsWith("metacrypt.db.before-restore-"))
              .filter(f -> f.getFileName().toString().endsWith("Z"))
              .findFirst()
              .orElseThrow();
      assertThat(restored.out()).contains("the replaced database is kept at " + aside);
      // Byte for byte what the service last wrote, including the key made after the backup.
      assertThat(Files.readAllBytes(aside)).isEqualTo(live);
    }
    assertThat(Files.readAllBytes(db())).isEqualTo(Files.readAllBytes(file));
  }

  @Test
  void aDamagedForeignOrUncheckedBackupIsRefusedAndNothingIsReplaced() throws Exception {
    assertThat(Run.mc(NO_ENV, "backup", "--config", config()).exitCode()).isZero();
    Path file = onlyBackup();
    env.crypto.close();
    byte[] live = Files.readAllBytes(db());

    // One flipped byte: the checksum no longer matches.
    Path damaged = backupsDir().resolve("damaged.db");
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length / 2] ^= 1;
    Files.write(damaged, bytes);
    Files.copy(BackupFiles.checksumFile(file), BackupFiles.checksumFile(damaged));
    assertRefused(damaged, "checksum mismatch");

    // No checksum file beside it.
    Path unchecked = backupsDir().resolve("unchecked.db");
    Files.copy(file, unchecked);
    assertRefused(unchecked, "no checksum file");

    // A file with a good checksum that is no database, and another service's database.
    Path garbage = backupsDir().resolve("garbage.db");
    Files.writeString(garbage, "not a database at all, just text long enough to be read");
    BackupFiles.writeChecksum(garbage);
    assertRefused(garbage, "the backup is not a usable metacrypt database");
    Path empty = backupsDir().resolve("empty.db");
    Files.createFile(empty);
    BackupFiles.writeChecksum(empty);
    assertRefused(empty, "the backup holds no metacrypt schema (an empty database)");
    // A consistent copy of the (running) identity service's database: another service's file.
    Path foreign = backupsDir().resolve("foreign.db");
    try (SqliteIdentityStorage identity =
        SqliteIdentityStorage.openWithoutMigrating(dir.resolve("id").resolve("mcias.db"))) {
      identity.snapshot(foreign);
    }
    BackupFiles.writeChecksum(foreign);
    assertRefused(foreign, "is not a crypto service database: it has no barrier table");

    assertThat(Files.readAllBytes(db())).isEqualTo(live);
    try (Stream<Path> files = Files.list(db().getParent())) {
      assertThat(files.map(f -> f.getFileName().toString()))
          .noneMatch(name -> name.contains("restore-"));
    }
  }

  @Test
  void backupsArePrunedByRetention() throws Exception {
    for (int i = 0; i < 3; i++) {
      Run.Result r =
          Run.mc(
              NO_ENV,
              "backup",
              "--config",
              config(),
              "--keep-last",
              "2",
              "--keep-daily",
              "0",
              "--keep-weekly",
              "0");
      assertThat(r.exitCode()).as(r.err()).isZero();
      Thread.sleep(5); // distinct millisecond stamps
    }
    try (Stream<Path> files = Files.list(backupsDir())) {
      assertThat(files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".db")))
          .hasSize(2);
    }
    try (Stream<Path> files = Files.list(backupsDir())) {
      assertThat(files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".sha256")))
          .hasSize(2);
    }
    Run.Result bad = Run.mc(NO_ENV, "backup", "--config", config(), "--keep-last", "0");
    assertThat(bad.exitCode()).isEqualTo(1);
    assertThat(bad.err()).contains("--keep-last must be at least 1");
  }

  private void assertRefused(Path backup, String reason) {
    Run.Result r = Run.mc(NO_ENV, "restore", "--config", config(), backup.toString());
    assertThat(r.exitCode()).as(r.out()).isEqualTo(1);
    assertThat(r.err()).contains(reason);
  }
}
