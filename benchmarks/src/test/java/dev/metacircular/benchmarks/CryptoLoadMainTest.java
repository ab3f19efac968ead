package dev.metacircular.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class CryptoLoadMainTest {

  @Test
  void theRequestIsATransitEncryptOfTheGivenPlaintextOnTheBenchMount() throws Exception {
    JsonNode body = new ObjectMapper().readTree(CryptoLoadMain.encryptBody("AAECAw=="));

    assertThat(body.get("mount").asText()).isEqualTo("transit");
    assertThat(body.get("operation").asText()).isEqualTo("encrypt");
    assertThat(body.get("data").get("key").asText()).isEqualTo("k");
    assertThat(body.get("data").get("plaintext").asText()).isEqualTo("AAECAw==");
    assertThat(body.size()).isEqualTo(3);
    assertThat(body.get("data").size()).isEqualTo(2);
  }

  @Test
  void onlyA200WithACiphertextCountsAsAnEncryption() {
    String answer = "{\"data\":{\"ciphertext\":\"metacrypt:v1:AAAA\",\"key_version\":1}}";

    assertThat(CryptoLoadMain.encrypted(200, answer)).isTrue();
    assertThat(CryptoLoadMain.encrypted(403, answer)).isFalse();
    assertThat(CryptoLoadMain.encrypted(200, "{\"error\":\"permission denied\"}")).isFalse();
    assertThat(CryptoLoadMain.encrypted(200, null)).isFalse();
  }

  @Test
  void theVerdictIsTheThroughputRatioOverAllRoundsAgainstTheTarget() {
    ClosedLoop.Round bare = ClosedLoopTest.round("bare", "1", 10_000, 10.0, 1_000);
    ClosedLoop.Round fast = ClosedLoopTest.round("encrypt", "1", 6_000, 10.0, 2_000);
    ClosedLoop.Round slow = ClosedLoopTest.round("encrypt", "1", 4_000, 10.0, 2_000);

    assertThat(CryptoLoadMain.verdicts(List.of(bare), List.of(fast), bare, fast))
        .contains(
            "round 1 throughput encrypt/bare: 0.600",
            "all rounds: 0.600   target >= 0.50   PASS",
            "server CPU per request: bare 100.0 us, encrypt 333.3 us");
    assertThat(CryptoLoadMain.verdicts(List.of(bare), List.of(slow), bare, slow))
        .contains("all rounds: 0.400   target >= 0.50   MISS");
  }

  @Test
  void theOcspRunIsLabelledByItsOwnEndpoint() {
    ClosedLoop.Round bare = ClosedLoopTest.round("bare", "1", 10_000, 10.0, 1_000);
    ClosedLoop.Round ocsp = ClosedLoopTest.round("ocsp", "1", 7_000, 10.0, 1_200);

    assertThat(CryptoLoadMain.verdicts(List.of(bare), List.of(ocsp), bare, ocsp))
        .contains(
            "round 1 throughput ocsp/bare: 0.700",
            "throughput ocsp/bare, all rounds: 0.700   target >= 0.50   PASS",
            "latency p50 ocsp/bare");
    assertThat(CryptoLoadMain.OCSP_PATH).isEqualTo("/v1/pki/pki/ocsp");
  }
}
