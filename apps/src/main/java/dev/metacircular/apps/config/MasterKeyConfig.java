package dev.metacircular.apps.config;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Where the master key comes from: exactly one of a passphrase file, a passphrase variable or a key
 * file.
 */
public sealed interface MasterKeyConfig {

  /**
   * A passphrase read from the environment variable {@code variable} (run through Argon2id). The
   * variable stays in the process environment ({@code /proc/PID/environ}) for the life of the
   * process, readable by the same user: {@link PassphraseFile} does not have that exposure.
   */
  record PassphraseEnv(String variable) implements MasterKeyConfig {
    public PassphraseEnv {
      Objects.requireNonNull(variable, "variable");
    }

    /**
     * The passphrase from {@code env}, as a fresh array the caller wipes. An empty value counts as
     * unset: an empty passphrase would derive a key anyone can guess.
     */
    public char[] read(Map<String, String> env) {
      String value = env.get(variable);
      if (value == null || value.isEmpty()) {
        throw new ConfigException("environment variable " + variable + " is not set");
      }
      return value.toCharArray();
    }
  }

  /**
   * A passphrase read from a file of mode 0600 or stricter (run through Argon2id): UTF-8, trailing
   * whitespace ignored. Read once at start; nothing of it stays in the environment.
   */
  record PassphraseFile(Path path) implements MasterKeyConfig {
    public static final String KEY = "master_key.passphrase_file";

    public PassphraseFile {
      Objects.requireNonNull(path, "path");
    }

    /** The passphrase, as a fresh array the caller wipes. */
    public char[] read() {
      return SecretFile.readText(KEY, path);
    }
  }

  /** A file holding the 32-byte key, raw or as base64 text (mode 0600 or stricter). */
  record KeyFile(Path path) implements MasterKeyConfig {
    public KeyFile {
      Objects.requireNonNull(path, "path");
    }
  }
}
