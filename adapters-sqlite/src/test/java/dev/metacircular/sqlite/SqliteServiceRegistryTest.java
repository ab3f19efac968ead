package dev.metacircular.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metacircular.ports.contract.ServiceRegistryContract;
import dev.metacircular.ports.scheduler.out.ServiceRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteServiceRegistryTest extends ServiceRegistryContract {

  @TempDir Path dir;
  private SqliteControlPlaneStorage storage;

  @BeforeEach
  void open() {
    storage = SqliteControlPlaneStorage.open(dir.resolve("mcp/registry.db"));
  }

  @AfterEach
  void close() {
    storage.close();
  }

  @Override
  protected ServiceRegistry registry() {
    return storage.registry();
  }

  @Test
  void theFileIsOwnerOnlyAndSurvivesReopening() throws Exception {
    registry().save(service("web", "localhost/web:v1", 10000));
    Path file = storage.file();
    storage.close();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    storage = SqliteControlPlaneStorage.open(file);
    assertThat(registry().find("web")).contains(service("web", "localhost/web:v1", 10000));
    assertThat(storage.integrityCheck()).isEqualTo("ok");
  }

  @Property
  void anyListSurvivesItsColumn(@ForAll List<String> items) {
    assertThat(ListColumn.decode(ListColumn.encode(items))).isEqualTo(items);
  }
}
