package dev.metacircular.apps.config;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;

/**
 * A file that holds a secret named by the configuration ({@code master_key.passphrase_file}, {@code
 * master_key.keyfile}, {@code sso.client_secret_file}). It is read only when its mode is 0600 or
 * stricter: a secret that other local users can read is no secret, and refusing at start is the
 * moment the operator can still fix it ({@code chmod 600}). Messages name the config key, the file
 * and its mode, never a byte of its content.
 */
public final class SecretFile {
  /** Owner read and write, nothing else: what "0600 or stricter" allows. */
  private static final Set<PosixFilePermission> ALLOWED =
      EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

  private SecretFile() {}

  /** The file's bytes, once its mode has been checked; the caller owns and wipes the array. */
  public static byte[] read(String key, Path path) {
    requireOwnerOnly(key, path);
    try {
      return Files.readAllBytes(path);
    } catch (NoSuchFileException e) {
      throw new ConfigException("config: " + key + " " + path + " does not exist");
    } catch (IOException e) {
      throw new ConfigException("config: cannot read " + key + " " + path, e);
    }
  }

  /**
   * The file as UTF-8 text without trailing whitespace (the newline an editor adds is not part of
   * the secret), as a fresh array the caller wipes. Empty is refused: an empty secret guards
   * nothing.
   */
  public static char[] readText(String key, Path path) {
    byte[] bytes = read(key, path);
    CharBuffer decoded;
    try {
      decoded =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes));
    } catch (CharacterCodingException e) {
      throw new ConfigException("config: " + key + " " + path + " is not UTF-8");
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
    int end = decoded.limit();
    while (end > 0 && Character.isWhitespace(decoded.get(end - 1))) {
      end--;
    }
    char[] secret = new char[end];
    decoded.get(secret, 0, end);
    Arrays.fill(decoded.array(), '\0');
    if (secret.length == 0) {
      throw new ConfigException("config: " + key + " " + path + " is empty");
    }
    return secret;
  }

  /** Refuses {@code path} unless only its owner may read or write it (0600, 0400 or 0200). */
  public static void requireOwnerOnly(String key, Path path) {
    Set<PosixFilePermission> mode;
    try {
      mode = Files.getPosixFilePermissions(path);
    } catch (NoSuchFileException e) {
      throw new ConfigException("config: " + key + " " + path + " does not exist");
    } catch (UnsupportedOperationException e) {
      // Not a POSIX file system (Windows): its ACLs are the operator's to set.
      return;
    } catch (IOException e) {
      throw new ConfigException("config: cannot read " + key + " " + path, e);
    }
    if (!ALLOWED.containsAll(mode)) {
      throw new ConfigException(
          "config: "
              + key
              + " "
              + path
              + " has mode "
              + octal(mode)
              + " ("
              + PosixFilePermissions.toString(mode)
              + "); it holds a secret, so it must be 0600 or stricter: chmod 600 "
              + path);
    }
  }

  private static String octal(Set<PosixFilePermission> mode) {
    int bits = 0;
    for (PosixFilePermission p : mode) {
      bits |= 1 << (8 - p.ordinal());
    }
    return String.format("0%03o", bits);
  }
}
