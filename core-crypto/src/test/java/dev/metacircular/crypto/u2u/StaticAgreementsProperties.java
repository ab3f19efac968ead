package dev.metacircular.crypto.u2u;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/**
 * Remembered agreements are the agreements: the same secret as computing it, for both sides, across
 * many messages and evictions; a wiped store forgets and keeps nothing.
 */
class StaticAgreementsProperties {
  static final List<AgreementKeyPair> USERS = new ArrayList<>();

  static {
    for (int i = 0; i < 6; i++) {
      USERS.add(AgreementKeyPair.generate(AgreementKeyType.X25519));
    }
  }

  @Property(tries = 50)
  void aRememberedSecretIsTheComputedOneWhateverTheOrderAndTheCapacity(
      @ForAll @Size(min = 1, max = 40) List<@IntRange(min = 0, max = 35) Integer> pairs,
      @ForAll @IntRange(min = 1, max = 8) int capacity) {
    try (StaticAgreements statics = new StaticAgreements(capacity)) {
      for (int p : pairs) {
        AgreementKeyPair mine = USERS.get(p / 6);
        AgreementKeyPair peer = USERS.get(p % 6);
        byte[] remembered = statics.agree(mine, peer.publicKey());
        assertThat(remembered).isEqualTo(mine.agree(peer.publicKey()));
        // Either side of the pair gets the same secret, which is what lets the recipient open.
        assertThat(remembered).isEqualTo(peer.agree(mine.publicKey()));
        Arrays.fill(remembered, (byte) 0); // the caller wipes its copy; the store keeps its own
        assertThat(statics.size()).isLessThanOrEqualTo(capacity);
      }
    }
  }

  @Property(tries = 30)
  void envelopesSealedAndOpenedThroughStoresOpenUnchanged(
      @ForAll @Size(max = 512) byte[] plaintext, @ForAll @IntRange(min = 1, max = 4) int rounds) {
    AgreementKeyPair alice = USERS.get(0);
    AgreementKeyPair bob = USERS.get(1);
    try (StaticAgreements sender = new StaticAgreements(4);
        StaticAgreements recipient = new StaticAgreements(4)) {
      for (int i = 0; i < rounds; i++) {
        byte[] envelope =
            UserEnvelope.seal(
                "alice",
                1,
                alice,
                List.of(new UserEnvelope.Recipient("bob", 2, bob.publicKey())),
                plaintext,
                null,
                1_800_000_000L + i,
                sender);
        UserEnvelope.Parsed parsed = UserEnvelope.parse(envelope);
        assertThat(UserEnvelope.open(parsed, "bob", bob, alice.publicKey(), recipient))
            .isEqualTo(plaintext);
        // Opened without a store (and so computed afresh) it is the same message.
        assertThat(UserEnvelope.open(parsed, "bob", bob, alice.publicKey())).isEqualTo(plaintext);
      }
      assertThat(sender.size()).isEqualTo(1);
      assertThat(recipient.size()).isEqualTo(1);
    }
  }

  @Test
  void closingWipesAndLaterAgreementsAreNotKept() {
    StaticAgreements statics = new StaticAgreements(4);
    byte[] first = statics.agree(USERS.get(0), USERS.get(1).publicKey());
    assertThat(statics.size()).isEqualTo(1);
    statics.close();
    assertThat(statics.size()).isZero();
    assertThat(statics.agree(USERS.get(0), USERS.get(1).publicKey())).isEqualTo(first);
    assertThat(statics.size()).isZero();
  }

  @Test
  void aBadPeerKeyIsRefusedAndNotRemembered() {
    try (StaticAgreements statics = new StaticAgreements(4)) {
      assertThatThrownBy(() -> statics.agree(USERS.get(0), new byte[] {1, 2, 3}))
          .isInstanceOf(IllegalArgumentException.class);
      assertThat(statics.size()).isZero();
      assertThatThrownBy(() -> new StaticAgreements(0))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}
