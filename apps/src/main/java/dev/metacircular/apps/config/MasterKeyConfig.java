package dev.metacircular.apps.config;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/** Where the master key comes from: exactly one of a passphrase variable or a key file. */
public sealed interface MasterKeyConfig {

  /** A passphrase read from the environment variable {@code variable} (run through Argon2id). */
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

  /** A file holding the 32-byte key, raw or as base64 text. */
  record KeyFile(Path path) implements MasterKeyConfig {
    public KeyFile {
      Objects.requireNonNull(path, "path");
    }
  }
}
