package dev.metacircular.rest.client;

import dev.metacircular.ports.identity.in.LoginCommand;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The JSON body of {@code POST /v1/auth/login}, written straight from the command's {@code char[]}
 * password into one byte array that {@link #close()} wipes: the password never becomes a {@code
 * String}, and no other copy of it is made on our side.
 *
 * <p>The JSON is pure ASCII: every character outside printable ASCII, and {@code "} and {@code \},
 * is written as an escape, so no charset encoder (with buffers of its own) is involved and any
 * {@code char} sequence, even an unpaired surrogate, reaches the server exactly as given. The array
 * is sized for the worst case up front (six bytes per character), so it never grows and leaves no
 * stale copy behind.
 */
final class LoginRequestBody implements AutoCloseable {

  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  private final byte[] bytes;
  private int length;

  private LoginRequestBody(int capacity) {
    this.bytes = new byte[capacity];
  }

  /** {@code {"username","password","totp_code"?,"service_name","tags"}}. */
  static LoginRequestBody of(LoginCommand command) {
    int chars =
        command.username().length()
            + command.password().length
            + (command.totpCode() == null ? 0 : command.totpCode().length())
            + (command.serviceName() == null ? 0 : command.serviceName().length());
    int fields = 5 + command.tags().size();
    for (String tag : command.tags()) {
      chars += tag.length();
    }
    LoginRequestBody body = new LoginRequestBody(6 * chars + 24 * fields + 16);
    body.raw("{\"username\":").string(command.username());
    body.raw(",\"password\":\"");
    char[] password = command.password();
    for (char c : password) {
      body.character(c);
    }
    body.raw("\"");
    if (command.totpCode() != null) {
      body.raw(",\"totp_code\":").string(command.totpCode());
    }
    if (command.serviceName() != null) {
      body.raw(",\"service_name\":").string(command.serviceName());
    }
    body.raw(",\"tags\":[");
    for (int i = 0; i < command.tags().size(); i++) {
      if (i > 0) {
        body.raw(",");
      }
      body.string(command.tags().get(i));
    }
    body.raw("]}");
    return body;
  }

  /** The array backing the body; only the first {@link #length()} bytes are the body. */
  byte[] bytes() {
    return bytes;
  }

  int length() {
    return length;
  }

  /** Overwrites the whole array, password included. */
  @Override
  public void close() {
    Arrays.fill(bytes, (byte) 0);
    length = 0;
  }

  @Override
  public String toString() {
    return "LoginRequestBody[redacted]";
  }

  private LoginRequestBody raw(String ascii) {
    for (int i = 0; i < ascii.length(); i++) {
      bytes[length++] = (byte) ascii.charAt(i);
    }
    return this;
  }

  private LoginRequestBody string(String value) {
    bytes[length++] = '"';
    for (int i = 0; i < value.length(); i++) {
      character(value.charAt(i));
    }
    bytes[length++] = '"';
    return this;
  }

  private void character(char c) {
    if (c == '"' || c == '\\') {
      bytes[length++] = '\\';
      bytes[length++] = (byte) c;
    } else if (c >= 0x20 && c < 0x7f) {
      bytes[length++] = (byte) c;
    } else {
      bytes[length++] = '\\';
      bytes[length++] = 'u';
      bytes[length++] = HEX[(c >> 12) & 0xf];
      bytes[length++] = HEX[(c >> 8) & 0xf];
      bytes[length++] = HEX[(c >> 4) & 0xf];
      bytes[length++] = HEX[c & 0xf];
    }
  }
}
