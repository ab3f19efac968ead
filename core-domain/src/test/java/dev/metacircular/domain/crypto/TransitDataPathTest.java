package dev.metacircular.domain.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.metacircular.domain.engine.transit.TransitEngineType;
import dev.metacircular.domain.memory.InMemoryAuditLog;
import dev.metacircular.domain.memory.InMemoryPhysicalStorage;
import dev.metacircular.domain.time.ManualClock;
import dev.metacircular.ports.audit.CryptoAuditTypes;
import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.policy.Effect;
import dev.metacircular.ports.policy.PolicyRule;
import dev.metacircular.ports.policy.ResourceMatch;
import dev.metacircular.ports.policy.SubjectMatch;
import dev.metacircular.ports.transit.in.Ciphertext;
import dev.metacircular.ports.transit.in.CreateKey;
import dev.metacircular.ports.transit.in.Decrypt;
import dev.metacircular.ports.transit.in.Encrypt;
import dev.metacircular.ports.transit.in.KeyName;
import dev.metacircular.ports.transit.in.TransitDataUseCase;
import dev.metacircular.ports.transit.in.TransitOperations;
import dev.metacircular.ports.transit.in.TransitValue;
import dev.metacircular.ports.transit.in.UpdateKeyConfig;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The binary transit data path: same results and same rules as the engine request door. */
class TransitDataPathTest {

  static final byte[] PLAIN = "the binary door".getBytes(StandardCharsets.UTF_8);
  static final byte[] CONTEXT = "ctx".getBytes(StandardCharsets.UTF_8);

  final InMemoryAuditLog audit = new InMemoryAuditLog();
  final CryptoCore core =
      CryptoCore.open(
          new InMemoryPhysicalStorage(),
          audit,
          new CryptoCoreTest.NoAuthentication(),
          List.of(new TransitEngineType(), new KvEngineType()),
          CryptoCoreTest.CHEAP,
          new ManualClock(Instant.parse("2026-01-01T00:00:00Z")),
          Runnable::run);
  TransitDataUseCase transit;

  @BeforeEach
  void unsealWithAKey() {
    core.seal().initialize(CryptoCoreTest.PASSWORD.clone());
    core.mounts().mount(CryptoCoreTest.ADMIN, "transit", "transit", Map.of());
    core.mounts().mount(CryptoCoreTest.ADMIN, "kv", "kv", Map.of());
    core.operations()
        .run(
            CryptoCoreTest.ADMIN,
            "transit",
            TransitOperations.CREATE_KEY,
            new CreateKey("k", "aes256-gcm", false));
    transit = core.transitData();
  }

  @Test
  void aBinaryCiphertextOpensThroughTheTypedOperationsAndBack() {
    TransitValue sealed = transit.encrypt(CryptoCoreTest.ADMIN, "transit", "k", PLAIN, CONTEXT);
    assertThat(sealed.version()).isEqualTo(1);
    Decrypt decrypt = new Decrypt("k", TransitValue.parse("ciphertext", sealed.text()), CONTEXT);
    assertThat(
            core.operations()
                .run(CryptoCoreTest.ADMIN, "transit", TransitOperations.DECRYPT, decrypt)
                .plaintext())
        .isEqualTo(PLAIN);

    Ciphertext typed =
        core.operations()
            .run(
                CryptoCoreTest.ADMIN,
                "transit",
                TransitOperations.ENCRYPT,
                new Encrypt("k", PLAIN.clone(), null));
    TransitValue parsed = TransitValue.parse("ciphertext", typed.ciphertext().text());
    assertThat(transit.decrypt(CryptoCoreTest.ADMIN, "transit", "k", parsed, null))
        .isEqualTo(PLAIN);
  }

  @Test
  void theCallersPlaintextIsLeftAsItWas() {
    byte[] mine = PLAIN.clone();
    transit.encrypt(CryptoCoreTest.ADMIN, "transit", "k", mine, null);
    assertThat(mine).isEqualTo(PLAIN);
  }

  @Test
  void theAclDecidesPerKeyAsForEngineRequests() {
    assertThatThrownBy(() -> transit.encrypt(CryptoCoreTest.ALICE, "transit", "k", PLAIN, null))
        .isInstanceOf(DomainException.Forbidden.class);
    assertThat(audit.tail(10))
        .anyMatch(e -> e.type().equals(CryptoAuditTypes.ENGINE_REQUEST_DENIED));
    core.policy()
        .create(
            CryptoCoreTest.ADMIN,
            new PolicyRule(
                "alice-k",
                10,
                Effect.ALLOW,
                "",
                new SubjectMatch(List.of("alice"), null, null),
                new ResourceMatch(null, null, List.of("transit"), List.of("keys/k")),
                List.of("encrypt")));
    TransitValue sealed = transit.encrypt(CryptoCoreTest.ALICE, "transit", "k", PLAIN, null);
    assertThatThrownBy(() -> transit.decrypt(CryptoCoreTest.ALICE, "transit", "k", sealed, null))
        .isInstanceOf(DomainException.Forbidden.class);
  }

  @Test
  void refusalsSayWhatIsWrong() {
    assertThatThrownBy(() -> transit.encrypt(CryptoCoreTest.ADMIN, "kv", "k", PLAIN, null))
        .isInstanceOf(DomainException.InvalidInput.class)
        .hasMessageContaining("for engine type kv");
    assertThatThrownBy(() -> transit.encrypt(CryptoCoreTest.ADMIN, "nope", "k", PLAIN, null))
        .isInstanceOf(DomainException.NotFound.class);
    assertThatThrownBy(() -> transit.encrypt(CryptoCoreTest.ADMIN, "transit", "none", PLAIN, null))
        .isInstanceOf(DomainException.NotFound.class);
    assertThatThrownBy(() -> transit.encrypt(CryptoCoreTest.ADMIN, "transit", null, PLAIN, null))
        .isInstanceOf(DomainException.InvalidInput.class)
        .hasMessage("key is required");
    TransitValue sealed = transit.encrypt(CryptoCoreTest.ADMIN, "transit", "k", PLAIN, CONTEXT);
    assertThatThrownBy(() -> transit.decrypt(CryptoCoreTest.ADMIN, "transit", "k", sealed, null))
        .isInstanceOf(DomainException.InvalidInput.class)
        .hasMessage("ciphertext could not be decrypted");
    TransitValue future = new TransitValue(7, sealed.bytes());
    assertThatThrownBy(() -> transit.decrypt(CryptoCoreTest.ADMIN, "transit", "k", future, null))
        .isInstanceOf(DomainException.InvalidInput.class);
  }

  @Test
  void minDecryptionVersionHoldsOnTheBinaryDoorToo() {
    TransitValue old = transit.encrypt(CryptoCoreTest.ADMIN, "transit", "k", PLAIN, null);
    core.operations()
        .run(CryptoCoreTest.ADMIN, "transit", TransitOperations.ROTATE_KEY, new KeyName("k"));
    core.operations()
        .run(
            CryptoCoreTest.ADMIN,
            "transit",
            TransitOperations.UPDATE_KEY_CONFIG,
            new UpdateKeyConfig("k", 2, null));
    assertThatThrownBy(() -> transit.decrypt(CryptoCoreTest.ADMIN, "transit", "k", old, null))
        .isInstanceOf(DomainException.InvalidInput.class);
    assertThat(transit.encrypt(CryptoCoreTest.ADMIN, "transit", "k", PLAIN, null).version())
        .isEqualTo(2);
  }

  @Test
  void sealedMeansUnavailable() {
    core.seal().seal(CryptoCoreTest.ADMIN);
    assertThatThrownBy(() -> transit.encrypt(CryptoCoreTest.ADMIN, "transit", "k", PLAIN, null))
        .isInstanceOf(DomainException.Unavailable.class);
  }
}
