package dev.metacircular.apps.identity;

import dev.metacircular.apps.config.MasterKeyConfig;
import dev.metacircular.apps.config.MasterKeyFile;
import dev.metacircular.crypto.SecretBytes;
import dev.metacircular.domain.identity.MasterKeySource;
import java.util.Arrays;
import java.util.Map;

/** Reads the configured master key material, and wipes it once the core has used it. */
final class MasterKeys {
  private MasterKeys() {}

  static MasterKeySource load(MasterKeyConfig config, Map<String, String> env) {
    if (config instanceof MasterKeyConfig.PassphraseFile p) {
      return new MasterKeySource.Passphrase(p.read());
    }
    if (config instanceof MasterKeyConfig.PassphraseEnv p) {
      return new MasterKeySource.Passphrase(p.read(env));
    }
    MasterKeyConfig.KeyFile f = (MasterKeyConfig.KeyFile) config;
    return new MasterKeySource.KeyFile(SecretBytes.wrap(MasterKeyFile.read(f.path())));
  }

  static void wipe(MasterKeySource source) {
    if (source instanceof MasterKeySource.Passphrase p) {
      Arrays.fill(p.passphrase(), '\0');
    } else if (source instanceof MasterKeySource.KeyFile k) {
      k.key().destroy();
    }
  }
}
