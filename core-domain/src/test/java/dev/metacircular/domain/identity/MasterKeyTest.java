package dev.metacircular.domain.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.metacircular.crypto.Argon2Parameters;
import dev.metacircular.crypto.SecretBytes;
import dev.metacircular.domain.memory.InMemoryStorage;
import dev.metacircular.domain.time.ManualClock;
import dev.metacircular.ports.auth.Role;
import dev.metacircular.ports.identity.Account;
import dev.metacircular.ports.identity.IssuedToken;
import dev.metacircular.ports.storage.out.SettingsStore;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class MasterKeyTest {

  private static final List<String> SETTING_NAMES =
      List.of(
          MasterKeyOpening.KIND,
          MasterKeyOpening.KDF,
          MasterKeyOpening.SALT,
          MasterKeyOpening.SIGNING_KEY_SEALED,
          "identity.login_policy.seeded");

  private final ManualClock clock = new ManualClock(IdentityFixture.START);
  private final AtomicInteger writes = new AtomicInteger();
  private final IdentityStorage storage = countingWrites(InMemoryStorage.create());

  private IdentityStorage countingWrites(InMemoryStorage db) {
    SettingsStore counting =
        new SettingsStore() {
          @Override
          public Optional<byte[]> get(String name) {
            return db.settings().get(name);
          }

          @Override
          public void put(String name, byte[] value) {
            writes.incrementAndGet();
            db.settings().put(name, value);
          }

          @Override
          public boolean putIfAbsent(String name, byte[] value) {
            writes.incrementAndGet();
            return db.settings().putIfAbsent(name, value);
          }
        };
    return new IdentityStorage(
        db.accounts(),
        db.tokens(),
        db.audit(),
        db.policyRules(),
        counting,
        db.transactions(),
        db.ssoClients(),
        db.authorizationCodes(),
        db.passkeys(),
        db.loginSources(),
        db.recoveryCodes());
  }

  private static IdentitySettings settings() {
    return IdentityFixture.cheap(IdentitySettings.defaults(IdentityFixture.ISSUER));
  }

  private IdentityCore open(MasterKeySource source) {
    return IdentityCore.open(storage, settings(), source, clock);
  }

  private Map<String, byte[]> snapshot() {
    Map<String, byte[]> values = new HashMap<>();
    for (String name : SETTING_NAMES) {
      storage.settings().get(name).ifPresent(v -> values.put(name, v));
    }
    return values;
  }

  @Test
  void theFirstOpenStoresSaltParametersAndASealedSigningKey() {
    try (IdentityCore core = open(IdentityFixture.passphrase())) {
      assertThat(storage.settings().get(MasterKeyOpening.SALT))
          .get()
          .satisfies(salt -> assertThat(salt).hasSize(16));
      assertThat(storage.settings().get(MasterKeyOpening.KDF))
          .get()
          .satisfies(
              kdf ->
                  assertThat(new String(kdf, StandardCharsets.US_ASCII))
                      .isEqualTo("argon2id$v=19$m=19456,t=2,p=1"));
      assertThat(storage.settings().get(MasterKeyOpening.SIGNING_KEY_SEALED)).isPresent();
      assertThat(core.tokens().publicKey().keyId()).isNotBlank();
    }
  }

  @Test
  void reopeningWithTheSamePassphraseKeepsTokensValid() {
    IssuedToken token;
    String kid;
    try (IdentityFixture f = IdentityFixture.over(storage, clock, s -> s)) {
      f.human("alice", Role.USER);
      token = f.login("alice");
      kid = f.core.tokens().publicKey().keyId();
    }

    try (IdentityCore reopened = open(IdentityFixture.passphrase())) {
      assertThat(reopened.tokens().publicKey().keyId()).isEqualTo(kid);
      assertThat(reopened.tokens().validate(token.token()).valid()).isTrue();
    }
  }

  @Test
  void aWrongPassphraseFailsClearlyAndWritesNothing() {
    open(IdentityFixture.passphrase()).close();
    Map<String, byte[]> before = snapshot();
    int writesBefore = writes.get();
    int auditBefore = storage.audit().tail(10_000).size();

    assertThatThrownBy(() -> open(new MasterKeySource.Passphrase("wrong passphrase".toCharArray())))
        .isInstanceOf(MasterKeyException.class)
        .hasMessage(
            "master key: cannot decrypt the signing key: wrong passphrase or key file"
                + " (the KDF salt is stored in the database)");

    Map<String, byte[]> after = snapshot();
    assertThat(after.keySet()).isEqualTo(before.keySet());
    before.forEach((name, value) -> assertThat(after.get(name)).as(name).isEqualTo(value));
    assertThat(writes.get()).isEqualTo(writesBefore);
    assertThat(storage.audit().tail(10_000)).hasSize(auditBefore);
  }

  @Test
  void theStoredKdfParametersWinOverLaterDefaults() {
    open(IdentityFixture.passphrase()).close();

    // Had the core used these new parameters instead of the stored ones, the key would differ.
    IdentitySettings raised = settings().withMasterKeyKdf(Argon2Parameters.DEFAULT);
    IdentityCore.open(storage, raised, IdentityFixture.passphrase(), clock).close();
  }

  @Test
  void theCallerMayWipeTheMaterialOnceOpenReturns() {
    char[] passphrase = IdentityFixture.PASSPHRASE.toCharArray();
    try (IdentityCore core = open(new MasterKeySource.Passphrase(passphrase))) {
      Arrays.fill(passphrase, '\0');
      Account ci =
          core.accounts().create(IdentityFixture.caller(), IdentityFixture.systemAccount());
      assertThat(
              core.tokenAdmin().issueServiceToken(IdentityFixture.caller(), ci.id(), null).token())
          .isNotBlank();
    }
  }

  @Test
  void aKeyFileOpensWithoutAKdfAndOnlyTheSameKeyReopens() {
    byte[] raw = SecretBytes.random(32).copy();
    IssuedToken token;
    try (IdentityCore core = open(new MasterKeySource.KeyFile(SecretBytes.copyOf(raw)))) {
      Account ci =
          core.accounts().create(IdentityFixture.caller(), IdentityFixture.systemAccount());
      token = core.tokenAdmin().issueServiceToken(IdentityFixture.caller(), ci.id(), null);
    }
    assertThat(storage.settings().get(MasterKeyOpening.SALT)).isEmpty();

    SecretBytes sameKey = SecretBytes.copyOf(raw);
    try (IdentityCore core = open(new MasterKeySource.KeyFile(sameKey))) {
      sameKey.destroy();
      assertThat(core.tokens().validate(token.token()).valid()).isTrue();
    }
    assertThatThrownBy(() -> open(new MasterKeySource.KeyFile(SecretBytes.random(32))))
        .isInstanceOf(MasterKeyException.class)
        .hasMessageContaining("wrong passphrase or key file");
    assertThatThrownBy(() -> open(IdentityFixture.passphrase()))
        .isInstanceOf(MasterKeyException.class)
        .hasMessageContaining("initialized with a key file");
  }

  @Test
  void badMaterialIsRefusedWithAnOperatorMessage() {
    assertThatThrownBy(() -> open(new MasterKeySource.KeyFile(SecretBytes.random(16))))
        .isInstanceOf(MasterKeyException.class)
        .hasMessageContaining("exactly 32 bytes");
    assertThatThrownBy(() -> open(new MasterKeySource.Passphrase(new char[0])))
        .isInstanceOf(MasterKeyException.class)
        .hasMessageContaining("empty");
    assertThat(snapshot()).isEmpty();

    open(IdentityFixture.passphrase()).close();
    assertThatThrownBy(() -> open(new MasterKeySource.KeyFile(SecretBytes.random(32))))
        .isInstanceOf(MasterKeyException.class)
        .hasMessageContaining("initialized with a passphrase");
  }

  @Test
  void tamperedKdfParametersAreRefusedRatherThanObeyed() {
    open(IdentityFixture.passphrase()).close();
    storage
        .settings()
        .put(
            MasterKeyOpening.KDF,
            "argon2id$v=19$m=999999999,t=2,p=1".getBytes(StandardCharsets.US_ASCII));

    assertThatThrownBy(() -> open(IdentityFixture.passphrase()))
        .isInstanceOf(MasterKeyException.class)
        .hasMessageContaining("KDF parameters");
  }

  @Test
  void closingTheCoreWipesTheSigningKey() {
    IdentityCore core = open(IdentityFixture.passphrase());
    Account ci = core.accounts().create(IdentityFixture.caller(), IdentityFixture.systemAccount());

    core.close();

    assertThatThrownBy(
            () -> core.tokenAdmin().issueServiceToken(IdentityFixture.caller(), ci.id(), null))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void theSourcesNeverPrintTheirMaterial() {
    assertThat(IdentityFixture.passphrase().toString()).doesNotContain(IdentityFixture.PASSPHRASE);
    assertThat(new MasterKeySource.KeyFile(SecretBytes.random(32)).toString())
        .isEqualTo("KeyFile[redacted]");
  }
}
