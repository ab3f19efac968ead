package dev.metacircular.domain.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.metacircular.crypto.SecretBytes;
import dev.metacircular.domain.identity.IdentityStorage;
import dev.metacircular.domain.identity.MasterKeyException;
import dev.metacircular.domain.identity.MasterKeySource;
import dev.metacircular.domain.memory.InMemoryAuditLog;
import dev.metacircular.domain.memory.InMemoryPhysicalStorage;
import dev.metacircular.ports.auth.AccountType;
import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.auth.Role;
import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.identity.IssuedToken;
import dev.metacircular.ports.identity.in.CreateAccountCommand;
import dev.metacircular.ports.seal.SealState;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EmbeddedPlatformTest {

  static final char[] PASSWORD = "correct horse battery staple".toCharArray();

  static void createAdmin(EmbeddedPlatform platform) {
    platform
        .identity()
        .accounts()
        .create(
            Caller.offlineTool("test"),
            new CreateAccountCommand(
                "ops", AccountType.HUMAN, PASSWORD.clone(), Set.of(Role.ADMIN)));
  }

  @Test
  void theIssuerHoldsWhicheverOrderTheBuilderIsCalledIn() {
    try (EmbeddedPlatform platform =
        EmbeddedPlatform.inMemory().forTests().issuer("https://idp.example").start()) {
      createAdmin(platform);
      platform.crypto().seal().initialize("seal password".toCharArray());
      IssuedToken token = platform.crypto().auth().login("ops", PASSWORD.clone(), null, "");
      assertThat(platform.crypto().auth().tokenInfo(token.token()).issuer())
          .isEqualTo("https://idp.example");
    }
  }

  @Test
  void storesThatOutliveThePlatformReopenWithTheirKeys() {
    IdentityStorage identity = IdentityStorage.inMemory();
    InMemoryPhysicalStorage barrier = new InMemoryPhysicalStorage();
    InMemoryAuditLog audit = new InMemoryAuditLog();
    byte[] key = SecretBytes.random(32).withBytes(byte[]::clone);
    try (EmbeddedPlatform first =
        EmbeddedPlatform.inMemory()
            .forTests()
            .identityStorage(identity)
            .cryptoStorage(barrier, audit)
            .masterKey(new MasterKeySource.KeyFile(SecretBytes.copyOf(key)))
            .start()) {
      createAdmin(first);
      first.crypto().seal().initialize("seal password".toCharArray());
    }
    try (EmbeddedPlatform second =
        EmbeddedPlatform.inMemory()
            .forTests()
            .identityStorage(identity)
            .cryptoStorage(barrier, audit)
            .masterKey(new MasterKeySource.KeyFile(SecretBytes.copyOf(key)))
            .start()) {
      assertThat(second.crypto().seal().state()).isEqualTo(SealState.SEALED);
      second.crypto().seal().unseal("seal password".toCharArray(), "");
      assertThat(second.crypto().auth().login("ops", PASSWORD.clone(), null, "")).isNotNull();
    }
    // Without the key the identity store does not open, and nothing is written.
    assertThatThrownBy(
            () -> EmbeddedPlatform.inMemory().forTests().identityStorage(identity).start())
        .isInstanceOf(MasterKeyException.class);
  }

  @Test
  void closeSealsTheCryptoCore() {
    EmbeddedPlatform platform = EmbeddedPlatform.inMemory().forTests().start();
    platform.crypto().seal().initialize("seal password".toCharArray());
    platform.close();
    assertThat(platform.crypto().seal().state()).isEqualTo(SealState.SEALED);
    assertThatThrownBy(() -> platform.crypto().mounts().list(Caller.offlineTool("t")))
        .isInstanceOf(DomainException.Unavailable.class);
  }
}
