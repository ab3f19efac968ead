package dev.metacircular.rest.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.metacircular.ports.identity.in.LoginCommand;
import java.io.IOException;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class LoginRequestBodyTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode parse(LoginRequestBody body) throws IOException {
    return JSON.readTree(body.bytes(), 0, body.length());
  }

  @Test
  void theBodyIsTheLoginJsonWithEveryCharacterOfThePasswordIntact() throws IOException {
    char[] password = "\"\\\u0000\u001f\u007f é ☃ \uD83D\uDE00 \uDC00 </script>".toCharArray();
    LoginCommand command =
        new LoginCommand(
            "alice",
            password,
            "123456",
            "metacrypt",
            List.of("env:prod", "quote\"tag"),
            "192.0.2.1");

    try (LoginRequestBody body = LoginRequestBody.of(command)) {
      JsonNode json = parse(body);
      assertThat(json.get("username").asText()).isEqualTo("alice");
      assertThat(json.get("password").asText().toCharArray()).isEqualTo(password);
      assertThat(json.get("totp_code").asText()).isEqualTo("123456");
      assertThat(json.get("service_name").asText()).isEqualTo("metacrypt");
      assertThat(json.get("tags"))
          .extracting(JsonNode::asText)
          .containsExactly("env:prod", "quote\"tag");
      assertThat(json.size()).isEqualTo(5);
      // Pure ASCII: no charset encoder (and its buffers) ever saw the password.
      for (int i = 0; i < body.length(); i++) {
        assertThat(body.bytes()[i]).isBetween((byte) 0x20, (byte) 0x7e);
      }
    }
  }

  @Test
  void anAbsentTotpCodeIsLeftOut() throws IOException {
    try (LoginRequestBody body =
        LoginRequestBody.of(
            new LoginCommand("alice", "pw".toCharArray(), null, "metacrypt", null, null))) {
      assertThat(parse(body).has("totp_code")).isFalse();
      assertThat(parse(body).get("tags").isEmpty()).isTrue();
    }
  }

  @Test
  void closingWipesTheWholeArray() {
    LoginRequestBody body =
        LoginRequestBody.of(
            new LoginCommand(
                "alice", "secret password".toCharArray(), null, "metacrypt", null, null));
    byte[] bytes = body.bytes();

    body.close();

    assertThat(bytes).containsOnly((byte) 0);
    assertThat(body.toString()).doesNotContain("secret");
  }

  @Test
  void theWorstCaseFitsTheArraySizedUpFront() throws IOException {
    char[] password = new char[LoginCommand.MAX_PASSWORD_LENGTH];
    Arrays.fill(password, '\u0001');
    List<String> tags = Collections.nCopies(LoginCommand.MAX_TAGS, "\u00e9".repeat(256));
    LoginCommand command =
        new LoginCommand(
            "a".repeat(64),
            password,
            "000000",
            "\u2603".repeat(LoginCommand.MAX_SERVICE_NAME),
            tags,
            null);

    try (LoginRequestBody body = LoginRequestBody.of(command)) {
      assertThat(parse(body).get("password").asText().toCharArray()).isEqualTo(password);
      assertThat(body.length()).isLessThanOrEqualTo(body.bytes().length);
    }
  }
}
