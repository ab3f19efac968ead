package dev.metacircular.ports.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.identity.out.PasskeyStore;
import dev.metacircular.ports.identity.out.StoredPasskey;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The behaviour every {@link PasskeyStore} must show. Passkeys belong to stored accounts. */
public abstract class PasskeyStoreContract extends StorageContract {

  private PasskeyStore store() {
    return fixture().passkeys();
  }

  private UUID givenAccount(String username) {
    var a = account(username);
    fixture().accounts().insert(a);
    return a.id();
  }

  private static StoredPasskey passkey(byte[] id, UUID account, Duration createdAfter) {
    return new StoredPasskey(id, account, allByteValues(), 7, "laptop", at(createdAfter), null);
  }

  @Test
  void anInsertedPasskeyIsFoundByItsRawIdWithEveryByte() {
    UUID alice = givenAccount("alice");
    byte[] id = allByteValues();
    store().insert(passkey(id, alice, Duration.ZERO));

    StoredPasskey found = store().find(id.clone()).orElseThrow();
    assertThat(found.credentialId()).isEqualTo(id);
    assertThat(found.accountId()).isEqualTo(alice);
    assertThat(found.publicKeyCose()).isEqualTo(allByteValues());
    assertThat(found.signatureCount()).isEqualTo(7);
    assertThat(found.name()).isEqualTo("laptop");
    assertThat(millis(found.createdAt())).isEqualTo(millis(T0));
    assertThat(found.lastUsedAt()).isNull();
    assertThat(store().find(new byte[] {1, 2, 3})).isEmpty();
  }

  @Test
  void aCredentialIdIsRegisteredOnlyOnceAcrossAccounts() {
    UUID alice = givenAccount("alice");
    UUID bob = givenAccount("bob");
    store().insert(passkey(new byte[] {9, 9}, alice, Duration.ZERO));
    assertThatThrownBy(() -> store().insert(passkey(new byte[] {9, 9}, bob, Duration.ZERO)))
        .isInstanceOf(DomainException.Conflict.class)
        .hasMessage("passkey already registered");
  }

  @Test
  void anAccountsPasskeysAreListedOldestFirst() {
    UUID alice = givenAccount("alice");
    UUID bob = givenAccount("bob");
    store().insert(passkey(new byte[] {2}, alice, Duration.ofMinutes(2)));
    store().insert(passkey(new byte[] {1}, alice, Duration.ofMinutes(1)));
    store().insert(passkey(new byte[] {3}, bob, Duration.ZERO));
    assertThat(store().listForAccount(alice))
        .extracting(StoredPasskey::credentialIdBase64Url)
        .containsExactly("AQ", "Ag");
    assertThat(store().listForAccount(UUID.randomUUID())).isEmpty();
  }

  @Test
  void useRecordsTheCounterAndTime() {
    UUID alice = givenAccount("alice");
    store().insert(passkey(new byte[] {5}, alice, Duration.ZERO));
    assertThat(store().recordUse(new byte[] {5}, 42, at(Duration.ofHours(1)))).isTrue();
    assertThat(store().recordUse(new byte[] {6}, 42, at(Duration.ofHours(1)))).isFalse();
    StoredPasskey used = store().find(new byte[] {5}).orElseThrow();
    assertThat(used.signatureCount()).isEqualTo(42);
    assertThat(millis(used.lastUsedAt())).isEqualTo(millis(at(Duration.ofHours(1))));
  }

  @Test
  void onlyTheOwnerCanDeleteAPasskey() {
    UUID alice = givenAccount("alice");
    UUID bob = givenAccount("bob");
    store().insert(passkey(new byte[] {5}, alice, Duration.ZERO));
    assertThat(store().delete(bob, new byte[] {5})).isFalse();
    assertThat(store().find(new byte[] {5})).isPresent();
    assertThat(store().delete(alice, new byte[] {5})).isTrue();
    assertThat(store().delete(alice, new byte[] {5})).isFalse();
    assertThat(store().find(new byte[] {5})).isEmpty();
  }
}
