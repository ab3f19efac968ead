package dev.metacircular.apps.docs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The docs test's own parts: that they catch what they are there to catch. */
class DocsCheckerTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static java.util.List<String> diff(String docs, String printed) throws Exception {
    return JsonShape.differences(JsonShape.expected(docs), JSON.readTree(printed));
  }

  @Test
  void shapesMatchWhenOnlyRunToRunValuesDiffer() throws Exception {
    assertThat(
            diff(
                "{\"token\":\"eyJhbGciOiJFZERTQSIs...\",\"expires_at\":\"2026-11-24T07:02:29Z\"}",
                "{\"token\":\"eyJhbGciOiJFZERTQSIsInR5cCI6IkpXVCJ9.e30.sig\",\"expires_at\":\"2027-01-01T00:00:00Z\"}"))
        .isEmpty();
    assertThat(
            diff(
                "{\"data\":{\"ciphertext\":\"metacrypt:v1:J2+GtuKe\",\"key_version\":1}}",
                "{\"data\":{\"ciphertext\":\"metacrypt:v1:Zm9vYmFy\",\"key_version\":7}}"))
        .isEmpty();
  }

  @Test
  void wordsBooleansMissingAndExtraFieldsAndLengthsAreDifferences() throws Exception {
    assertThat(diff("{\"state\":\"unsealed\"}", "{\"state\":\"sealed\"}"))
        .containsExactly("$.state: expected \"unsealed\" but got \"sealed\"");
    assertThat(diff("{\"valid\":true}", "{\"valid\":false}")).hasSize(1);
    assertThat(diff("{\"a\":1,\"b\":2}", "{\"a\":1}")).hasSize(1);
    assertThat(diff("{\"a\":1}", "{\"a\":1,\"c\":3}"))
        .containsExactly("$: field \"c\" is not in the docs");
    assertThat(diff("{\"keys\":[\"app\",\"signer\"]}", "{\"keys\":[\"app\"]}")).hasSize(1);
    assertThat(diff("{\"plaintext\":\"aGVsbG8=\"}", "{\"plaintext\":\"d29ybGQ=\"}")).hasSize(1);
    assertThat(diff("{\"rule\":null}", "{\"rule\":{\"id\":\"x\"}}")).hasSize(1);
  }

  @Test
  void threeDotsAbbreviate() throws Exception {
    assertThat(diff("{\"id\":\"alice-transit\",...}", "{\"id\":\"alice-transit\",\"priority\":10}"))
        .isEmpty();
    assertThat(diff("{\"rules\":[...]}", "{\"rules\":[{\"id\":\"a\"},{\"id\":\"b\"}]}")).isEmpty();
    assertThat(diff("{\"n\":...,\"m\":\"x\"}", "{\"n\":{\"deep\":true},\"m\":\"x\"}")).isEmpty();
    assertThat(diff("{\"v\":[{\"a\":1},...]}", "{\"v\":[{\"a\":1},{\"b\":2}]}")).isEmpty();
    assertThat(diff("{\"uri\":\"otpauth://totp/...\"}", "{\"uri\":\"https://x\"}")).hasSize(1);
  }

  @Test
  void aBlockKeepsItsTextButTheDevPortsAndItsExpectationsBecomeMarkers() {
    DocBlock block =
        new DocBlock(
            Path.of("docs/x.md"),
            10,
            "sh",
            "curl https://127.0.0.1:8443/v1/health \\\n"
                + "  --cacert data/tls/dev.crt\n"
                + "# {\"status\":\"ok\"}\n"
                + "curl -X POST https://localhost:8444/v1/init\n"
                + "# {\"error\":\"already initialized\"}   (HTTP 409)\n"
                + "# a remark\n",
            Optional.empty(),
            false);

    BlockScript script = BlockScript.of(block, Map.of(8443, 40001, 8444, 40002));

    assertThat(script.body())
        .isEqualTo(
            "__docs_cmd 10\n"
                + "curl https://127.0.0.1:40001/v1/health \\\n"
                + "  --cacert data/tls/dev.crt\n"
                + "__docs_mark 0\n"
                + "__docs_cmd 13\n"
                + "curl -X POST https://localhost:40002/v1/init\n"
                + "__docs_mark 1\n"
                + "# a remark\n"
                + "\n");
    assertThat(script.expectations())
        .extracting(BlockScript.Expectation::line, BlockScript.Expectation::status)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(12, OptionalInt.empty()),
            org.assertj.core.groups.Tuple.tuple(14, OptionalInt.of(409)));
  }

  @Test
  void anOutputBlocksLinesMustBePrintedInOrder() {
    String printed = "banner\nmc> logged in as admin\nname: app\ntype: aes\nmc> metacrypt:v1:abc\n";

    assertThat(PrintedLines.missing("banner\ntype: aes\nmc> metacrypt:v1:...\n", printed))
        .isEmpty();
    assertThat(PrintedLines.missing("type: aes\nname: app\n", printed))
        .containsExactly("name: app");
    assertThat(PrintedLines.missing("mc> metacrypt:v2:...\n", printed)).hasSize(1);
  }

  @Test
  void aSkipMarkerBeforeAFenceCarriesItsReason(@TempDir Path dir) throws Exception {
    Path page =
        Files.writeString(
            dir.resolve("page.md"),
            "text\n\n<!-- docs-test: skip (needs grpcurl) -->\n\n```sh\ngrpcurl x\n```\n\n"
                + "```sh\n./mc --help\n```\n\n    curl https://example.net\n\n"
                + "<!-- docs-test: output -->\n```text\nUsage: mc\n```\n");

    assertThat(DocBlock.read(page))
        .extracting(DocBlock::line, DocBlock::skipReason)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(6, Optional.of("needs grpcurl")),
            org.assertj.core.groups.Tuple.tuple(10, Optional.empty()),
            org.assertj.core.groups.Tuple.tuple(17, Optional.empty()));
    assertThat(DocBlock.read(page))
        .extracting(DocBlock::printedByTheBlockBefore)
        .containsExactly(false, false, true);
    assertThat(DocBlock.indentedCommands(page))
        .containsExactly("page.md:13: curl https://example.net");
  }
}
