package dev.metacircular.apps.docs;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The folder a page's blocks run in, laid out like a clone after {@code ./mc dev}: {@code data/} is
 * dev mode's data directory, {@code ./mc} runs this build's {@code mc} (the test's class path, so
 * nothing is packaged first), and {@code adapters-grpc/} and {@code docs/} are the repository's.
 * Shell variables and functions a block defines are kept for the page's next blocks.
 */
final class Workspace {
  private static final Pattern MARK = Pattern.compile("^docs-test-mark (\\d+)$");
  private static final Pattern CMD = Pattern.compile("^docs-test-cmd (\\d+)$");
  private static final Pattern HTTP = Pattern.compile("^docs-test-http (\\d{3})$");
  private static final long BLOCK_TIMEOUT_SECONDS = 180;

  /**
   * Sourced before each block: the page's state so far, then the markers and a {@code curl} that
   * also reports each answer's status on standard error. After the block, its variables and
   * functions are written back for the next one.
   */
  private static final String PRELUDE =
      """
      __docs_base=" $(compgen -v | tr '\\n' ' ') "
      source "$DOCS_TEST_STATE"
      curl() { command curl -w '%{stderr}\\ndocs-test-http %{http_code}\\n' "$@"; }
      __docs_mark() { printf '\\ndocs-test-mark %s\\n' "$1"; printf '\\ndocs-test-mark %s\\n' "$1" >&2; }
      __docs_cmd() { printf '\\ndocs-test-cmd %s\\n' "$1"; printf '\\ndocs-test-cmd %s\\n' "$1" >&2; }
      __docs_save() {
        local v
        for v in $(compgen -v); do
          case "$__docs_base" in *" $v "*) continue ;; esac
          case "$v" in __docs_*|BASH_*|FUNCNAME|PIPESTATUS|_) continue ;; esac
          declare -p "$v"
        done
        declare -f
      }
      set -eo pipefail
      """;

  private final Path dir;
  private final Path state;
  private final Map<String, String> env;
  private String lastOutput = "";

  private Workspace(Path dir, Path state, Map<String, String> env) {
    this.dir = dir;
    this.state = state;
    this.env = env;
  }

  /**
   * @param adminPassword the password dev mode printed once; blocks find it in {@code $ADMIN_PW},
   *     where the docs ask the reader to put it
   */
  static Workspace prepare(Path dir, Path repository, String adminPassword) throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    Path mc = dir.resolve("mc");
    Files.writeString(
        mc,
        "#!/usr/bin/env bash\n"
            + "# This build's mc on the test's class path (the repository's ./mc would package it).\n"
            + "exec '"
            + java
            + "' -cp \"$DOCS_TEST_CLASSPATH\" dev.metacircular.apps.Main \"$@\"\n",
        StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(mc, PosixFilePermissions.fromString("rwx------"));
    for (String shared : List.of("adapters-grpc", "docs")) {
      Files.createSymbolicLink(dir.resolve(shared), repository.resolve(shared));
    }
    Path state = dir.resolve(".docs-test-state");
    Files.writeString(state, "");
    Map<String, String> env = new HashMap<>();
    // A reader's terminal has no CA bundle of its own set for curl; the docs set one where needed.
    env.put("CURL_CA_BUNDLE", null);
    env.put("DOCS_TEST_CLASSPATH", System.getProperty("java.class.path"));
    env.put("DOCS_TEST_STATE", state.toString());
    env.put("ADMIN_PW", adminPassword);
    env.put("NO_COLOR", "1");
    env.put("XDG_CONFIG_HOME", dir.resolve(".config").toString());
    return new Workspace(dir, state, env);
  }

  /** Runs one block; answers what went wrong (empty when it ran as the docs say). */
  List<String> run(DocBlock block, BlockScript script) throws IOException, InterruptedException {
    Path file = dir.resolve(".docs-test-block.sh");
    Files.writeString(
        file,
        PRELUDE + script.body() + "\n__docs_save > \"$DOCS_TEST_STATE.next\"\n",
        StandardCharsets.UTF_8);
    Path out = dir.resolve(".docs-test-out");
    Path err = dir.resolve(".docs-test-err");
    ProcessBuilder pb =
        new ProcessBuilder("bash", file.toString())
            .directory(dir.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .redirectOutput(out.toFile())
            .redirectError(err.toFile());
    env.forEach(
        (k, v) -> {
          if (v == null) {
            pb.environment().remove(k);
          } else {
            pb.environment().put(k, v);
          }
        });
    Process p = pb.start();
    List<String> problems = new ArrayList<>();
    if (!p.waitFor(BLOCK_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      p.descendants().forEach(ProcessHandle::destroy);
      p.destroy();
      problems.add("did not finish within " + BLOCK_TIMEOUT_SECONDS + " s");
    }
    String stdout = Files.readString(out);
    String stderr = Files.readString(err);
    lastOutput = stdout.replaceAll("(?m)^docs-test-(cmd|mark) .*\\n?", "");
    if (problems.isEmpty() && p.exitValue() != 0) {
      problems.add("exited with status " + p.exitValue() + lastCommand(stderr));
    }
    problems.addAll(check(block, script, stdout, stderr));
    if (!problems.isEmpty()) {
      problems.add("output:\n" + tail(stdout) + "\nerrors:\n" + tail(stderr));
      return problems;
    }
    Path next = Path.of(state + ".next");
    Files.move(next, state, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    return problems;
  }

  /** What the last block printed on standard output, without the test's markers. */
  String lastOutput() {
    return lastOutput;
  }

  /**
   * Each "what it prints" comment against the output of the command above it, and every HTTP answer
   * of 400 or more that no comment showed as an error.
   */
  private static List<String> check(
      DocBlock block, BlockScript script, String stdout, String stderr) {
    List<String> problems = new ArrayList<>();
    Map<Integer, String> printed = new HashMap<>();
    StringBuilder since = new StringBuilder();
    for (String line : stdout.split("\n", -1)) {
      Matcher mark = MARK.matcher(line);
      if (mark.matches()) {
        printed.put(Integer.parseInt(mark.group(1)), since.toString());
      } else if (CMD.matcher(line).matches()) {
        since.setLength(0);
      } else {
        since.append(line).append('\n');
      }
    }
    int commandLine = block.line();
    List<Integer> statuses = new ArrayList<>();
    boolean shown = false;
    for (String line : (stderr + "\ndocs-test-cmd 0\n").split("\n", -1)) {
      Matcher cmd = CMD.matcher(line);
      Matcher http = HTTP.matcher(line);
      Matcher mark = MARK.matcher(line);
      if (http.matches()) {
        statuses.add(Integer.parseInt(http.group(1)));
      } else if (mark.matches()) {
        BlockScript.Expectation e = script.expectations().get(Integer.parseInt(mark.group(1)));
        problems.addAll(compare(block, e, printed.getOrDefault(e.number(), ""), statuses));
        shown = true;
      } else if (cmd.matches()) {
        int finalLine = commandLine;
        if (!shown) {
          statuses.stream()
              .filter(s -> s >= 400)
              .findFirst()
              .ifPresent(s -> problems.add("line " + finalLine + ": answered HTTP " + s));
        }
        commandLine = Integer.parseInt(cmd.group(1));
        statuses.clear();
        shown = false;
      }
    }
    return problems;
  }

  private static List<String> compare(
      DocBlock block, BlockScript.Expectation e, String printed, List<Integer> statuses) {
    List<String> problems = new ArrayList<>();
    String at = "line " + e.line() + ": ";
    JsonNode expected;
    try {
      expected = JsonShape.expected(e.json());
    } catch (Exception ex) {
      return List.of(at + ex.getMessage());
    }
    Optional<JsonNode> actual = JsonShape.lastValue(printed);
    if (actual.isEmpty()) {
      return List.of(at + "the docs show " + e.json() + " but the command printed: " + printed);
    }
    for (String d : JsonShape.differences(expected, actual.get())) {
      problems.add(at + d);
    }
    boolean error = expected.isObject() && expected.has("error");
    for (int s : statuses) {
      if (e.status().isPresent() && s != e.status().getAsInt()) {
        problems.add(at + "the docs say HTTP " + e.status().getAsInt() + ", it answered " + s);
      } else if (e.status().isEmpty() && error != (s >= 400)) {
        problems.add(at + "answered HTTP " + s + " where the docs show " + e.json());
      }
    }
    return problems;
  }

  private static String lastCommand(String stderr) {
    String last = "";
    for (String line : stderr.split("\n")) {
      Matcher cmd = CMD.matcher(line);
      if (cmd.matches()) {
        last = " (in the command at line " + cmd.group(1) + ")";
      }
    }
    return last;
  }

  private static String tail(String s) {
    String clean = s.replaceAll("(?m)^docs-test-(cmd|mark|http) .*\\n?", "");
    return clean.length() > 3000 ? "..." + clean.substring(clean.length() - 3000) : clean;
  }
}
