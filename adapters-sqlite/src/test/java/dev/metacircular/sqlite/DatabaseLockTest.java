package dev.metacircular.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Open handles share the lock; a restore's exclusive hold waits for none of them. */
class DatabaseLockTest {
  @TempDir Path dir;

  @Test
  void aRestoreIsRefusedWhileAnyHandleIsOpenAndAllowedOnceAllAreClosed() throws Exception {
    Path file = dir.resolve("crypto.db");
    SqliteCryptoStorage first = SqliteCryptoStorage.open(file);
    SqliteCryptoStorage second = SqliteCryptoStorage.openWithoutMigrating(file);
    Path staged = SqliteRestore.stagingFile(file, "x");
    Files.writeString(staged, "replacement");

    assertThatThrownBy(() -> SqliteRestore.replace(file, staged, "x"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("is open in a running service or tool; stop it first");
    first.close();
    assertThatThrownBy(() -> SqliteRestore.replace(file, staged, "x"))
        .isInstanceOf(IllegalStateException.class);
    second.close();

    Path aside = SqliteRestore.replace(file, staged, "x");

    assertThat(Files.readString(file)).isEqualTo("replacement");
    assertThat(aside).isEqualTo(dir.resolve("crypto.db.before-restore-x"));
    assertThat(Files.exists(staged)).isFalse();
    assertThat(DatabaseLock.lockFile(file)).exists();
  }

  @Test
  void nothingOpensWhileARestoreHoldsTheFile() {
    Path file = dir.resolve("crypto.db");
    SqliteCryptoStorage.open(file).close();
    try (DatabaseLock restore = DatabaseLock.exclusive(file.toAbsolutePath())) {
      assertThatThrownBy(() -> SqliteCryptoStorage.open(file))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("is being restored");
      assertThatThrownBy(() -> DatabaseLock.exclusive(file))
          .isInstanceOf(IllegalStateException.class);
    }
    SqliteCryptoStorage.open(file).close();
  }
}
