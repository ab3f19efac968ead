package dev.metacircular.domain.engine.u2u;

import static dev.metacircular.ports.u2u.in.UserCryptoOperations.DECRYPT;
import static dev.metacircular.ports.u2u.in.UserCryptoOperations.ENCRYPT;
import static dev.metacircular.ports.u2u.in.UserCryptoOperations.GET_PUBLIC_KEY;
import static dev.metacircular.ports.u2u.in.UserCryptoOperations.REGISTER;
import static dev.metacircular.ports.u2u.in.UserCryptoOperations.ROTATE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.metacircular.domain.memory.InMemoryEngineStorage;
import dev.metacircular.domain.time.ManualClock;
import dev.metacircular.ports.auth.AccountType;
import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.auth.Role;
import dev.metacircular.ports.engine.spi.Engine;
import dev.metacircular.ports.engine.spi.EngineContext;
import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.u2u.in.DecryptMessage;
import dev.metacircular.ports.u2u.in.EncryptMessage;
import dev.metacircular.ports.u2u.in.GetPublicKey;
import dev.metacircular.ports.u2u.in.OpenedMessage;
import dev.metacircular.ports.u2u.in.Register;
import dev.metacircular.ports.u2u.in.Rotate;
import dev.metacircular.ports.u2u.in.UserPublicKey;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class UserCryptoEngineTest {
  static final Instant START = Instant.parse("2026-03-01T10:00:00Z");

  static Caller user(String name) {
    return new Caller(UUID.randomUUID(), name, Set.of(Role.USER), AccountType.HUMAN, null, "");
  }

  static final Caller ALICE = user("alice");
  static final Caller BOB = user("bob");
  static final Caller CAROL = user("carol");

  final InMemoryEngineStorage storage = new InMemoryEngineStorage();
  final ManualClock clock = new ManualClock(START);
  final UserCryptoEngineType type = new UserCryptoEngineType();
  Engine engine = open(Map.of());

  Engine open(Map<String, Object> config) {
    return type.open(new EngineContext("u2u", type.validateConfig(config), storage, clock));
  }

  byte[] send(Caller from, byte[] plaintext, String... to) {
    return engine
        .handle(ENCRYPT, new EncryptMessage(List.of(to), plaintext, "ctx".getBytes()), from)
        .envelope();
  }

  OpenedMessage read(Caller who, byte[] envelope) {
    return engine.handle(DECRYPT, new DecryptMessage(envelope), who);
  }

  void registerAll() {
    for (Caller c : List.of(ALICE, BOB, CAROL)) {
      engine.handle(REGISTER, new Register(), c);
    }
  }

  @Test
  void registerIsIdempotentRotateAddsAVersionAndPublicKeysAreReadable() {
    UserPublicKey first = engine.handle(REGISTER, new Register(), ALICE);
    assertThat(first.keyVersion()).isEqualTo(1);
    assertThat(first.keyType()).isEqualTo("x25519");
    assertThat(engine.handle(REGISTER, new Register(), ALICE).publicKey())
        .isEqualTo(first.publicKey());
    UserPublicKey rotated = engine.handle(ROTATE, new Rotate(), ALICE);
    assertThat(rotated.keyVersion()).isEqualTo(2);
    assertThat(rotated.publicKey()).isNotEqualTo(first.publicKey());
    UserPublicKey read = engine.handle(GET_PUBLIC_KEY, new GetPublicKey("alice"), BOB);
    assertThat(read.publicKey()).isEqualTo(rotated.publicKey());
    assertThat(read.keyVersion()).isEqualTo(2);
    assertThatThrownBy(() -> engine.handle(GET_PUBLIC_KEY, new GetPublicKey("dave"), BOB))
        .isInstanceOf(DomainException.NotFound.class)
        .hasMessage("user dave has not registered a key");
    assertThatThrownBy(() -> new GetPublicKey("../x"))
        .isInstanceOf(DomainException.InvalidInput.class);
  }

  @Test
  void recipientsReadTheMessageWithSenderRecipientsAndTimeAndOthersAreRefused() {
    registerAll();
    byte[] envelope = send(ALICE, "hello bob".getBytes(StandardCharsets.UTF_8), "bob", "alice");
    OpenedMessage opened = read(BOB, envelope);
    assertThat(new String(opened.plaintext(), StandardCharsets.UTF_8)).isEqualTo("hello bob");
    assertThat(opened.sender()).isEqualTo("alice");
    assertThat(opened.recipients()).containsExactly("bob", "alice");
    assertThat(opened.sentAt()).isEqualTo(START);
    assertThat(opened.context()).isEqualTo("ctx".getBytes());
    assertThat(read(ALICE, envelope).plaintext()).isEqualTo(opened.plaintext());
    assertThatThrownBy(() -> read(CAROL, envelope))
        .isInstanceOf(DomainException.Forbidden.class)
        .hasMessage("you are not a recipient of this envelope");
    assertThat(new String(envelope, StandardCharsets.ISO_8859_1)).doesNotContain("hello bob");
  }

  @Test
  void oldKeyVersionsStillDecryptAfterRotationAndReopening() {
    registerAll();
    byte[] before = send(ALICE, new byte[] {1, 2, 3}, "bob");
    engine.handle(ROTATE, new Rotate(), BOB);
    engine.handle(ROTATE, new Rotate(), ALICE);
    byte[] after = send(ALICE, new byte[] {4}, "bob");
    engine.close();
    engine = open(Map.of());
    assertThat(read(BOB, before).plaintext()).containsExactly(1, 2, 3);
    assertThat(read(BOB, after).plaintext()).containsExactly(4);
  }

  @Test
  void unregisteredSendersAndRecipientsAreRefusedByName() {
    engine.handle(REGISTER, new Register(), ALICE);
    assertThatThrownBy(() -> send(BOB, new byte[1], "alice"))
        .isInstanceOf(DomainException.PreconditionFailed.class)
        .hasMessageContaining("register first");
    assertThatThrownBy(() -> send(ALICE, new byte[1], "alice", "dave"))
        .isInstanceOf(DomainException.NotFound.class)
        .hasMessage("recipient dave has not registered a key");
    assertThatThrownBy(() -> new EncryptMessage(List.of(), new byte[1], null))
        .hasMessage("recipients must name 1-100 users");
    assertThatThrownBy(() -> read(ALICE, new byte[] {1, 2, 3}))
        .isInstanceOf(DomainException.InvalidInput.class)
        .hasMessage("envelope is malformed");
  }

  @Test
  void p256MountsWorkAndKeyTypeIsChecked() {
    engine = open(Map.of("key_type", "p256"));
    registerAll();
    assertThat(engine.handle(GET_PUBLIC_KEY, new GetPublicKey("bob"), ALICE).keyType())
        .isEqualTo("p256");
    assertThat(read(BOB, send(ALICE, new byte[] {9}, "bob")).plaintext()).containsExactly(9);
    assertThatThrownBy(() -> type.validateConfig(Map.of("key_type", "rsa")))
        .hasMessage("key_type must be x25519 or p256");
    assertThatThrownBy(() -> type.validateConfig(Map.of("colour", "x")))
        .hasMessageContaining("unknown config field colour");
  }

  @Property(tries = 150)
  void anyFlippedByteIsA400AndNeverPlaintext(
      @ForAll @Size(max = 200) byte[] plaintext, @ForAll int position, @ForAll byte mask) {
    registerAll();
    byte[] envelope = send(ALICE, plaintext, "bob");
    int at = Math.floorMod(position, envelope.length);
    envelope[at] ^= (mask == 0 ? 1 : mask);
    assertThatThrownBy(() -> read(BOB, envelope)).isInstanceOf(DomainException.InvalidInput.class);
  }
}
