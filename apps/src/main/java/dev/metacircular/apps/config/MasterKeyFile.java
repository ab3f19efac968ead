package dev.metacircular.apps.config;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Base64;

/**
 * The master key file ({@code [master_key] keyfile}): exactly 32 raw bytes, or base64 text of 32
 * bytes (surrounding whitespace ignored), mode 0600 or stricter ({@link SecretFile}). Messages name
 * the file and the problem, never a byte of the key.
 */
public final class MasterKeyFile {
  public static final int KEY_BYTES = 32;

  private MasterKeyFile() {}

  /** The 32 key bytes; the caller owns and wipes the array. */
  public static byte[] read(Path path) {
    byte[] content = SecretFile.read("master_key.keyfile", path);
    try {
      if (content.length == KEY_BYTES) {
        return content.clone();
      }
      byte[] decoded = decodeBase64(content);
      if (decoded != null && decoded.length == KEY_BYTES) {
        return decoded;
      }
      if (decoded != null) {
        Arrays.fill(decoded, (byte) 0);
      }
      throw new ConfigException(
          "master key file "
              + path
              + " must hold "
              + KEY_BYTES
              + " raw bytes or their base64 text (it holds "
              + content.length
              + " bytes)");
    } finally {
      Arrays.fill(content, (byte) 0);
    }
  }

  /**
   * Creates {@code path} with owner-only permissions (0600 from the start, never wider) holding
   * {@code key} raw. Fails when the file exists.
   */
  public static void create(Path path, byte[] key) throws IOException {
    if (key.length != KEY_BYTES) {
      throw new IllegalArgumentException("a master key is " + KEY_BYTES + " bytes");
    }
    Path parent = path.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    try {
      Files.createFile(
          path, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException e) {
      Files.createFile(path);
    }
    try (OutputStream out = Files.newOutputStream(path, StandardOpenOption.WRITE)) {
      out.write(key);
    }
  }

  private static byte[] decodeBase64(byte[] content) {
    int start = 0;
    int end = content.length;
    while (start < end && Character.isWhitespace(content[start])) {
      start++;
    }
    while (end > start && Character.isWhitespace(content[end - 1])) {
      end--;
    }
    byte[] text = Arrays.copyOfRange(content, start, end);
    try {
      return Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      return null;
    } finally {
      Arrays.fill(text, (byte) 0);
    }
  }
}
