package dev.metacircular.apps.deploy;

import static dev.metacircular.apps.deploy.SystemdUnitsTest.REPO;
import static dev.metacircular.apps.deploy.SystemdUnitsTest.SERVICES;
import static org.assertj.core.api.Assertions.assertThat;

import dev.metacircular.apps.deploy.SystemdUnitsTest.Run;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/install.sh in a throwaway root ({@code --prefix}): the layout with its owners and modes,
 * the users created in the prefix's own user database (never on this host), idempotence (a second
 * run leaves every path, mode, owner and content as it was), a configuration never overwritten, and
 * shellcheck finding nothing. Runs as root, as CI does; without root it checks {@code --no-users}.
 */
class InstallScriptTest {
  static final Path SCRIPT = REPO.resolve("scripts/install.sh");
  static final boolean ROOT = "root".equals(System.getProperty("user.name"));

  @Test
  void installsTheLayoutAndASecondRunChangesNothing(@TempDir Path work) throws Exception {
    Path prefix = work.resolve("root");
    Path jar = work.resolve("mc.jar");
    Files.writeString(jar, "not really a jar: the script only copies it");
    Files.createDirectories(work.resolve("lib"));
    Files.writeString(work.resolve("lib/dependency-1.0.jar"), "a library the manifest names");
    Run first = install(prefix, jar);
    assertThat(first.exitCode()).as(first.output()).isZero();
    Map<String, String> before = snapshot(prefix);

    Run second = install(prefix, jar);
    assertThat(second.exitCode()).as(second.output()).isZero();
    assertThat(snapshot(prefix)).isEqualTo(before);

    for (String service : SERVICES) {
      Path base = prefix.resolve("srv/" + service);
      assertThat(mode(base)).isEqualTo("rwxr-x---");
      assertThat(mode(base.resolve("config"))).isEqualTo("rwxr-x---");
      assertThat(mode(base.resolve("certs"))).isEqualTo("rwxr-x---");
      assertThat(mode(base.resolve("data"))).isEqualTo("rwx------");
      assertThat(mode(base.resolve("backups"))).isEqualTo("rwx------");
      assertThat(mode(base.resolve("config/" + service + ".toml"))).isEqualTo("rw-r-----");
      assertThat(prefix.resolve("etc/systemd/system/" + service + ".service"))
          .hasSameTextualContentAs(REPO.resolve("deploy/systemd/" + service + ".service"));
      String dropIn =
          Files.readString(
              prefix.resolve("etc/systemd/system/" + service + ".service.d/memory.conf"));
      assertThat(dropIn).containsPattern("MC_JAVA_OPTS=-Xmx[0-9]+m");
      if (!service.equals("mcp-agent")) {
        int xmx = Integer.parseInt(dropIn.replaceAll("(?s).*-Xmx([0-9]+)m.*", "$1"));
        assertThat(dropIn).contains("MemoryMax=" + (xmx + 384) + "M");
      }
      if (ROOT) {
        int uid = id(prefix, "passwd", service.equals("mcp-agent") ? "root" : service);
        int gid = id(prefix, "group", service);
        assertThat(owner(base.resolve("data"))).isEqualTo(uid + ":" + gid);
        assertThat(owner(base.resolve("config"))).isEqualTo("0:" + gid);
        assertThat(owner(base.resolve("config/" + service + ".toml"))).isEqualTo("0:" + gid);
      }
    }
    assertThat(mode(prefix.resolve("opt/metacircular/mc"))).isEqualTo("rwxr-xr-x");
    assertThat(prefix.resolve("opt/metacircular/apps/target/mc.jar")).hasSameTextualContentAs(jar);
    assertThat(prefix.resolve("opt/metacircular/apps/target/lib/dependency-1.0.jar"))
        .hasContent("a library the manifest names");
    if (ROOT) {
      // The users exist in the prefix only.
      assertThat(Files.readString(prefix.resolve("etc/passwd"))).contains("mcias:", "metacrypt:");
      assertThat(Files.readString(Path.of("/etc/passwd"))).doesNotContain("Metacircular");
    }
  }

  @Test
  void anExistingConfigurationIsNeverOverwritten(@TempDir Path work) throws Exception {
    Path prefix = work.resolve("root");
    Path jar = work.resolve("mc.jar");
    Files.writeString(jar, "jar");
    Files.createDirectories(work.resolve("lib"));
    assertThat(install(prefix, jar).exitCode()).isZero();
    Path config = prefix.resolve("srv/metacrypt/config/metacrypt.toml");
    Files.writeString(config, "# the operator's own\n", StandardCharsets.UTF_8);
    Run again = install(prefix, jar);
    assertThat(again.exitCode()).as(again.output()).isZero();
    assertThat(Files.readString(config)).isEqualTo("# the operator's own\n");
  }

  @Test
  void aMissingExecutableOrAnUnknownOptionIsRefusedWithWhatToDo(@TempDir Path work)
      throws Exception {
    Run missing = install(work.resolve("root"), work.resolve("absent.jar"));
    assertThat(missing.exitCode()).isNotZero();
    assertThat(missing.output()).contains("no executable at", "pass --jar FILE");
    Run unknown = SystemdUnitsTest.run(SCRIPT.toString(), "--prefxi", "x");
    assertThat(unknown.exitCode()).isNotZero();
    assertThat(unknown.output()).contains("unknown option --prefxi");
  }

  @Test
  void shellcheckFindsNothing() throws Exception {
    Run check = SystemdUnitsTest.run("shellcheck", SCRIPT.toString());
    assertThat(check.exitCode()).as(check.output()).isZero();
  }

  private static Run install(Path prefix, Path jar) throws Exception {
    List<String> command =
        new java.util.ArrayList<>(
            List.of(SCRIPT.toString(), "--prefix", prefix.toString(), "--jar", jar.toString()));
    if (!ROOT) {
      command.add("--no-users");
    }
    return SystemdUnitsTest.run(new ProcessBuilder(command));
  }

  /** Every path under the root with its type, mode, owner and content hash. */
  private static Map<String, String> snapshot(Path root) throws Exception {
    Map<String, String> tree = new TreeMap<>();
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.toList()) {
        String what = Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) ? "dir" : sha256(p);
        tree.put(root.relativize(p).toString(), what + " " + mode(p) + " " + owner(p));
      }
    }
    return tree;
  }

  private static String sha256(Path file) throws Exception {
    return HexFormat.of()
        .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }

  private static String mode(Path p) throws Exception {
    return java.nio.file.attribute.PosixFilePermissions.toString(
        Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
  }

  private static String owner(Path p) throws Exception {
    return Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS)
        + ":"
        + Files.getAttribute(p, "unix:gid", LinkOption.NOFOLLOW_LINKS);
  }

  private static int id(Path root, String database, String name) throws Exception {
    for (String line : Files.readAllLines(root.resolve("etc/" + database))) {
      String[] fields = line.split(":");
      if (fields[0].equals(name)) {
        return Integer.parseInt(fields[2]);
      }
    }
    throw new AssertionError("no " + name + " in " + database);
  }
}
