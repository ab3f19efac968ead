package dev.metacircular.apps.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The systemd units in deploy/systemd/, judged by systemd itself: {@code systemd-analyze verify}
 * (in a throwaway root holding the host's unit library and the launcher the units start) finds
 * nothing to say, and {@code systemd-analyze security --offline=true} scores each unit's exposure;
 * the scores are written to target/systemd-security.txt and listed in docs/operations.md.
 */
class SystemdUnitsTest {
  static final Path REPO = Path.of("..").toAbsolutePath().normalize();
  static final Path UNITS = REPO.resolve("deploy/systemd");
  static final List<String> SERVICES = List.of("mcias", "metacrypt", "mcp-agent", "mcp-master");
  static final List<String> SERVERS = List.of("mcias", "metacrypt", "mcp-master");

  /** The exposure each unit may have at most (systemd's scale: 0 safe .. 10 exposed). */
  static final Map<String, Double> MAX_EXPOSURE =
      Map.of("mcias", 1.5, "metacrypt", 1.5, "mcp-master", 1.5, "mcp-agent", 7.5);

  @Test
  void systemdVerifiesEveryUnit(@TempDir Path root) throws Exception {
    Path library = root.resolve("usr/lib/systemd/system");
    Files.createDirectories(library);
    // The targets and sockets the units' default dependencies name, from the host's library.
    try (Stream<Path> units = Files.list(Path.of("/lib/systemd/system"))) {
      for (Path unit : units.filter(Files::isRegularFile).toList()) {
        Files.copy(unit, library.resolve(unit.getFileName()));
      }
    }
    Path launcher = root.resolve("opt/metacircular/mc");
    Files.createDirectories(launcher.getParent());
    Files.writeString(launcher, "#!/bin/sh\n");
    Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path system = root.resolve("etc/systemd/system");
    Files.createDirectories(system);
    for (String service : SERVICES) {
      Files.copy(UNITS.resolve(service + ".service"), system.resolve(service + ".service"));
      Run verify =
          run(
              "systemd-analyze",
              "verify",
              "--root=" + root,
              "/etc/systemd/system/" + service + ".service");
      assertThat(verify.exitCode()).as(verify.output()).isZero();
      // systemd only warns about an unknown or misspelt directive: any output is a failure here.
      assertThat(verify.output()).as(service).isEmpty();
    }
  }

  @Test
  void systemdScoresEveryUnitAndTheServersAreHardened() throws Exception {
    Map<String, String> scores = new LinkedHashMap<>();
    Pattern overall = Pattern.compile("Overall exposure level for [^:]+: ([0-9.]+) (\\S+)");
    for (String service : SERVICES) {
      Run security =
          run(
              "systemd-analyze",
              "security",
              "--offline=true",
              UNITS.resolve(service + ".service").toString());
      assertThat(security.exitCode()).as(security.output()).isZero();
      Matcher m = overall.matcher(security.output());
      assertThat(m.find()).as(security.output()).isTrue();
      double exposure = Double.parseDouble(m.group(1));
      assertThat(exposure).as(service + " exposure").isLessThanOrEqualTo(MAX_EXPOSURE.get(service));
      scores.put(service, m.group(1) + " " + m.group(2));
    }
    List<String> lines = new ArrayList<>();
    scores.forEach((service, score) -> lines.add(service + ".service " + score));
    Files.createDirectories(Path.of("target"));
    Files.write(Path.of("target/systemd-security.txt"), lines, StandardCharsets.UTF_8);
    String docs = Files.readString(REPO.resolve("docs/operations.md"), StandardCharsets.UTF_8);
    scores.forEach(
        (service, score) ->
            assertThat(docs)
                .as(
                    "docs/operations.md lists the score of %s (see target/systemd-security.txt)",
                    service)
                .contains("| `" + service + ".service` | " + score.split(" ")[0] + " "));
  }

  @Test
  void theServerUnitsCarryTheHardeningTheIssueAsksFor() throws Exception {
    for (String service : SERVERS) {
      List<String> lines = Files.readAllLines(UNITS.resolve(service + ".service"));
      assertThat(lines)
          .as(service)
          .contains(
              "User=" + service,
              "ProtectSystem=strict",
              "ProtectHome=yes",
              "PrivateTmp=yes",
              "NoNewPrivileges=yes",
              "CapabilityBoundingSet=",
              "ReadWritePaths=/srv/" + service + "/data",
              "MemoryDenyWriteExecute=no",
              "ExecStart=/opt/metacircular/mc "
                  + (service.startsWith("mcp-")
                      ? "mcp " + service.substring(4)
                      : service + " server")
                  + " --config /srv/"
                  + service
                  + "/config/"
                  + service
                  + ".toml");
      assertThat(lines.stream().filter(l -> l.startsWith("ReadWritePaths="))).hasSize(1);
      assertThat(lines.stream().filter(l -> l.startsWith("MemoryMax="))).hasSize(1);
    }
  }

  record Run(int exitCode, String output) {}

  static Run run(String... command) throws IOException, InterruptedException {
    return run(new ProcessBuilder(command));
  }

  static Run run(ProcessBuilder builder) throws IOException, InterruptedException {
    Path log = Files.createTempFile("deploy", ".log");
    builder.redirectErrorStream(true).redirectOutput(log.toFile());
    Process process = builder.start();
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      return new Run(-1, "timed out: " + Files.readString(log));
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    Files.deleteIfExists(log);
    return new Run(process.exitValue(), output);
  }
}
