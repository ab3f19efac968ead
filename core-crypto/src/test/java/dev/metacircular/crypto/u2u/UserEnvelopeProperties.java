package dev.metacircular.crypto.u2u;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.metacircular.crypto.IntegrityException;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;

/** Envelopes open for their recipients only, unchanged, and never after any flipped byte. */
class UserEnvelopeProperties {
  static final AgreementKeyPair ALICE = AgreementKeyPair.generate(AgreementKeyType.X25519);
  static final AgreementKeyPair BOB = AgreementKeyPair.generate(AgreementKeyType.X25519);
  static final AgreementKeyPair CAROL = AgreementKeyPair.generate(AgreementKeyType.X25519);
  static final AgreementKeyPair P_ALICE = AgreementKeyPair.generate(AgreementKeyType.P256);
  static final AgreementKeyPair P_BOB = AgreementKeyPair.generate(AgreementKeyType.P256);

  static byte[] toBob(byte[] plaintext, byte[] context) {
    return UserEnvelope.seal(
        "alice",
        3,
        ALICE,
        List.of(
            new UserEnvelope.Recipient("bob", 1, BOB.publicKey()),
            new UserEnvelope.Recipient("alice", 3, ALICE.publicKey())),
        plaintext,
        context,
        1_800_000_000L);
  }

  @Property(tries = 100)
  void recipientsReadWhatWasSealed(
      @ForAll @Size(max = 2048) byte[] plaintext, @ForAll @Size(max = 64) byte[] context) {
    UserEnvelope.Parsed p = UserEnvelope.parse(toBob(plaintext, context));
    assertThat(p.sender()).isEqualTo("alice");
    assertThat(p.senderKeyVersion()).isEqualTo(3);
    assertThat(p.recipients()).containsExactly("bob", "alice");
    assertThat(p.context()).isEqualTo(context);
    assertThat(p.sentAt()).isEqualTo(1_800_000_000L);
    assertThat(UserEnvelope.open(p, "bob", BOB, ALICE.publicKey())).isEqualTo(plaintext);
    assertThat(UserEnvelope.open(p, "alice", ALICE, ALICE.publicKey())).isEqualTo(plaintext);
    assertThatThrownBy(() -> UserEnvelope.open(p, "carol", CAROL, ALICE.publicKey()))
        .isInstanceOf(IntegrityException.class);
    // the sender is authenticated: with another sender key the wrap does not open
    assertThatThrownBy(() -> UserEnvelope.open(p, "bob", BOB, CAROL.publicKey()))
        .isInstanceOf(IntegrityException.class);
  }

  @Property(tries = 50)
  void p256WorksTheSameWay(@ForAll @Size(max = 512) byte[] plaintext) {
    byte[] e =
        UserEnvelope.seal(
            "alice",
            1,
            P_ALICE,
            List.of(new UserEnvelope.Recipient("bob", 2, P_BOB.publicKey())),
            plaintext,
            null,
            5);
    UserEnvelope.Parsed p = UserEnvelope.parse(e);
    assertThat(p.type()).isEqualTo(AgreementKeyType.P256);
    assertThat(UserEnvelope.open(p, "bob", P_BOB, P_ALICE.publicKey())).isEqualTo(plaintext);
  }

  @Property(tries = 300)
  void anyFlippedByteIsRefusedAndNeverOpens(
      @ForAll @Size(max = 256) byte[] plaintext, @ForAll int position, @ForAll byte mask) {
    byte[] e = toBob(plaintext, new byte[] {1, 2});
    int at = Math.floorMod(position, e.length);
    e[at] ^= (mask == 0 ? 1 : mask);
    try {
      UserEnvelope.Parsed p = UserEnvelope.parse(e);
      assertThatThrownBy(() -> UserEnvelope.open(p, "bob", BOB, ALICE.publicKey()))
          .isInstanceOf(IntegrityException.class);
    } catch (IllegalArgumentException refused) {
      assertThat(refused.getMessage()).startsWith("the envelope is");
    }
  }

  @Property(tries = 100)
  void aChangedHeaderWithARecomputedChecksumStillNeverOpens(
      @ForAll @Size(max = 64) byte[] plaintext, @ForAll int position, @ForAll byte mask)
      throws Exception {
    byte[] e = toBob(plaintext, null);
    UserEnvelope.Parsed original = UserEnvelope.parse(e);
    int at = Math.floorMod(position, e.length - 32);
    e[at] ^= (mask == 0 ? 1 : mask);
    byte[] sum =
        java.security.MessageDigest.getInstance("SHA-256")
            .digest(java.util.Arrays.copyOf(e, e.length - 32));
    System.arraycopy(sum, 0, e, e.length - 32, 32);
    try {
      UserEnvelope.Parsed p = UserEnvelope.parse(e);
      byte[] senderKey = p.sender().equals("alice") ? ALICE.publicKey() : CAROL.publicKey();
      assertThatThrownBy(() -> UserEnvelope.open(p, "bob", BOB, senderKey))
          .isInstanceOf(IntegrityException.class);
    } catch (IllegalArgumentException malformed) {
      assertThat(original).isNotNull();
    }
  }
}
