package dev.metacircular.apps.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metacircular.apps.dev.DevPlatform;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The docs run: every {@code ```sh} block of README.md and docs/*.md is executed with bash, in
 * order, against dev mode started for that page in a temporary folder on free ports, and what the
 * docs say a command prints is compared with what it printed (see docs/README.md, "The docs run").
 * A block marked {@code <!-- docs-test: skip (reason) -->} is listed, not run.
 *
 * <p>Run it alone: {@code ./mvnw -B -o -pl apps -am verify -DskipPitest -Dtest=DocsExamplesTest
 * -Dsurefire.failIfNoSpecifiedTests=false}; add {@code -Ddocs.page=identity.md} (a regular
 * expression) for one page.
 */
class DocsExamplesTest {
  private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
  private static final Pattern ADMIN_PASSWORD = Pattern.compile("(?m)^ +password: (\\S+)");

  static List<Path> pages() throws IOException {
    List<Path> pages = new ArrayList<>();
    pages.add(ROOT.resolve("README.md"));
    try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
      docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
    }
    return pages;
  }

  @Test
  void everyShellExampleIsFencedSoThisTestSeesIt() throws IOException {
    List<String> indented = new ArrayList<>();
    for (Path page : pages()) {
      indented.addAll(DocBlock.indentedCommands(page));
    }
    assertThat(indented).as("indented shell examples: fence them as ```sh").isEmpty();
  }

  @TestFactory
  Stream<DynamicTest> everyPageRunsInOrder() throws IOException {
    return pages().stream()
        .filter(p -> DocBlock.read(p).stream().anyMatch(DocBlock::isShell))
        .filter(p -> p.getFileName().toString().matches(System.getProperty("docs.page", ".*")))
        .map(p -> DynamicTest.dynamicTest(ROOT.relativize(p).toString(), () -> runPage(p)));
  }

  private static void runPage(Path page) throws Exception {
    List<DocBlock> all = DocBlock.read(page);
    List<DocBlock> blocks = all.stream().filter(DocBlock::isShell).toList();
    for (DocBlock b : blocks) {
      b.skipReason()
          .ifPresent(
              r -> System.out.println("docs-test: skipped " + b.where(ROOT) + " (" + r + ")"));
    }
    if (blocks.stream().allMatch(b -> b.skipReason().isPresent())) {
      return;
    }
    Path work = Files.createTempDirectory("docs-test-");
    try {
      Path data = work.resolve("data");
      StringWriter banner = new StringWriter();
      try (DevPlatform dev =
          DevPlatform.start(
              new DevPlatform.Options(data, 0, 0, UnaryOperator.identity(), Clock.systemUTC()),
              new PrintWriter(banner, true))) {
        Matcher admin = ADMIN_PASSWORD.matcher(banner.toString());
        assertThat(admin.find()).as(banner.toString()).isTrue();
        Map<Integer, Integer> ports =
            Map.of(
                8443, dev.port(),
                8444, dev.cryptoPort(),
                9443, dev.grpcPort(),
                9444, dev.cryptoGrpcPort());
        Workspace workspace = Workspace.prepare(work, ROOT, admin.group(1));
        DocBlock ran = null;
        for (DocBlock block : all) {
          if (block.isShell() && block.skipReason().isEmpty()) {
            List<String> problems = workspace.run(block, BlockScript.of(block, ports));
            assertThat(problems).as("%s", block.where(ROOT)).isEmpty();
            ran = block;
          } else if (block.printedByTheBlockBefore()) {
            assertThat(ran).as("%s: no shell block ran before it", block.where(ROOT)).isNotNull();
            assertThat(PrintedLines.missing(block.text(), workspace.lastOutput()))
                .as("%s: lines the block at %s did not print", block.where(ROOT), ran.where(ROOT))
                .isEmpty();
          }
        }
      }
    } finally {
      deleteTree(work);
    }
  }

  static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> all = Files.walk(dir)) {
      all.sorted(java.util.Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.deleteIfExists(p);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    }
  }
}
