package dev.metacircular.apps.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metacircular.apps.cli.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tamper-evident audit log end to end: both services write their logs through real requests
 * (refusals included), then {@code mc mcias audit verify} and {@code mc metacrypt audit verify}
 * check the SQLite files offline; a row edited, deleted or cut off in the file is reported by entry
 * id and kind.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditChainTest {
  private static final Pattern HEAD = Pattern.compile("head (\\d+:[0-9a-f]{64})");

  Path dir;
  Path identityDb;
  Path cryptoDb;

  @BeforeAll
  void writeBothLogs(@TempDir Path tmp) {
    dir = tmp;
    try (RefusalAuditPlatform p = new RefusalAuditPlatform(dir)) {
      String admin = p.identityLogin("admin", p.adminPassword);
      String alice = p.identityLogin(RefusalAuditPlatform.USER, RefusalAuditPlatform.USER_PASSWORD);
      assertThat(p.identity("GET", "/v1/accounts", alice, null).status()).isEqualTo(403);
      assertThat(p.identity("GET", "/v1/accounts", admin, null).status()).isEqualTo(200);
      String cryptoAlice =
          p.cryptoLogin(RefusalAuditPlatform.USER, RefusalAuditPlatform.USER_PASSWORD);
      assertThat(p.crypto("POST", "/v1/seal", cryptoAlice, null).status()).isEqualTo(403);
      identityDb = p.data.resolve("mcias.db");
      cryptoDb = p.data.resolve("metacrypt.db");
    }
  }

  private Path copy(Path db, String name) throws Exception {
    Path copy = dir.resolve(name);
    Files.copy(db, copy, StandardCopyOption.REPLACE_EXISTING);
    return copy;
  }

  private static void sql(Path db, String statement) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement s = c.createStatement()) {
      s.executeUpdate(statement);
    }
  }

  private static Run.Result verify(String service, Path db, String... more) {
    String[] args = new String[4 + more.length];
    args[0] = service;
    args[1] = "audit";
    args[2] = "verify";
    args[3] = "--database=" + db;
    System.arraycopy(more, 0, args, 4, more.length);
    return Run.mc(Map.of(), args);
  }

  @Test
  void untouchedLogsVerifyOnBothServices() {
    for (String[] service :
        new String[][] {{"mcias", identityDb.toString()}, {"metacrypt", cryptoDb.toString()}}) {
      Run.Result r = verify(service[0], Path.of(service[1]));
      assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
      assertThat(r.out()).startsWith("audit chain intact: ");
      assertThat(HEAD.matcher(r.out()).find()).isTrue();
    }
  }

  @Test
  void anEditedRowIsNamedByTheIdentityVerify() throws Exception {
    Path db = copy(identityDb, "edited-mcias.db");
    sql(db, "UPDATE audit_log SET actor = 'someone else' WHERE id = 3");

    Run.Result r = verify("mcias", db);

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.out())
        .startsWith("audit chain BROKEN at entry 3 (edited)")
        .contains("the 2 entries before it are intact");
  }

  @Test
  void anEditedRowIsNamedByTheCryptoVerify() throws Exception {
    Path db = copy(cryptoDb, "edited-metacrypt.db");
    sql(db, "UPDATE audit_details SET value = 'nothing happened' WHERE event_id = 2");

    Run.Result r = verify("metacrypt", db, "--json");

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.out())
        .contains("\"intact\":false")
        .contains("\"entry_id\":2")
        .contains("\"problem\":\"edited\"");
  }

  @Test
  void aDeletedRowIsNamedByItsSuccessor() throws Exception {
    Path db = copy(identityDb, "deleted-mcias.db");
    sql(db, "DELETE FROM audit_log WHERE id = 4");

    Run.Result r = verify("mcias", db);

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.out()).startsWith("audit chain BROKEN at entry 5 (missing predecessor)");
  }

  @Test
  void deletedNewestEntriesAreCaughtByTheAnchor() throws Exception {
    Run.Result first = verify("metacrypt", cryptoDb);
    Matcher head = HEAD.matcher(first.out());
    assertThat(head.find()).as(first.out()).isTrue();
    String anchor = head.group(1);
    long headId = Long.parseLong(anchor.substring(0, anchor.indexOf(':')));
    Path db = copy(cryptoDb, "truncated-metacrypt.db");
    sql(db, "DELETE FROM audit_log WHERE id = " + headId);

    Run.Result without = verify("metacrypt", db);
    Run.Result with = verify("metacrypt", db, "--anchor", anchor);

    // Without an anchor a cut-off tail looks like a shorter log; the anchor catches it.
    assertThat(without.exitCode()).isZero();
    assertThat(with.exitCode()).isEqualTo(1);
    assertThat(with.out()).contains("BROKEN at entry " + headId + " (anchor mismatch)");
  }

  @Test
  void aDatabaseThatIsNoneIsAClearError() throws Exception {
    Path nothing = dir.resolve("missing.db");
    Run.Result r = verify("mcias", nothing);
    assertThat(r.exitCode()).isNotZero();
    assertThat(r.err()).startsWith("mc: ");
  }
}
