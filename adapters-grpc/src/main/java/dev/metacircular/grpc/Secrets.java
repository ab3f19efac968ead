package dev.metacircular.grpc;

import com.google.protobuf.ByteString;
import dev.metacircular.ports.error.DomainException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Password fields are read from the message's UTF-8 bytes straight into a {@code char[]} (never
 * through {@code String}), which the caller wipes once the port call returns. The message's own
 * immutable bytes are garbage once the call ends.
 */
final class Secrets {
  private Secrets() {}

  /** The field's characters, or null when it is empty. */
  static char[] chars(ByteString utf8) {
    if (utf8.isEmpty()) {
      return null;
    }
    byte[] bytes = utf8.toByteArray();
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    CharBuffer decoded = CharBuffer.allocate(bytes.length);
    try {
      var result = decoder.decode(ByteBuffer.wrap(bytes), decoded, true);
      if (result.isError()) {
        result.throwException();
      }
      decoder.flush(decoded);
      char[] out = new char[decoded.position()];
      decoded.flip();
      decoded.get(out);
      return out;
    } catch (CharacterCodingException e) {
      throw new DomainException.InvalidInput("password is not valid UTF-8");
    } finally {
      Arrays.fill(bytes, (byte) 0);
      Arrays.fill(decoded.array(), '\0');
    }
  }

  /** Like {@link #chars} but {@code InvalidInput("<field> is required")} when empty. */
  static char[] require(ByteString utf8, String field) {
    char[] chars = chars(utf8);
    if (chars == null) {
      throw new DomainException.InvalidInput(field + " is required");
    }
    return chars;
  }

  static void wipe(char[]... secrets) {
    for (char[] secret : secrets) {
      if (secret != null) {
        Arrays.fill(secret, '\0');
      }
    }
  }
}
