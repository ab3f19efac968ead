package dev.metacircular.domain.identity.passkey;

import com.yubico.webauthn.CredentialRepository;
import com.yubico.webauthn.RegisteredCredential;
import com.yubico.webauthn.data.ByteArray;
import com.yubico.webauthn.data.PublicKeyCredentialDescriptor;
import dev.metacircular.ports.identity.AccountStatus;
import dev.metacircular.ports.identity.out.AccountStore;
import dev.metacircular.ports.identity.out.PasskeyStore;
import dev.metacircular.ports.identity.out.StoredAccount;
import dev.metacircular.ports.identity.out.StoredPasskey;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Yubico's view of our storage. A WebAuthn "username" is the account's username; its user handle is
 * the 16 bytes of the account id. Accounts that are not active have no credentials as far as the
 * library is concerned, so they cannot sign in.
 */
final class PasskeyCredentials implements CredentialRepository {

  private final AccountStore accounts;
  private final PasskeyStore passkeys;

  PasskeyCredentials(AccountStore accounts, PasskeyStore passkeys) {
    this.accounts = accounts;
    this.passkeys = passkeys;
  }

  static ByteArray userHandle(UUID accountId) {
    ByteBuffer b = ByteBuffer.allocate(16);
    b.putLong(accountId.getMostSignificantBits()).putLong(accountId.getLeastSignificantBits());
    return new ByteArray(b.array());
  }

  static Optional<UUID> accountId(ByteArray userHandle) {
    if (userHandle == null || userHandle.size() != 16) {
      return Optional.empty();
    }
    ByteBuffer b = ByteBuffer.wrap(userHandle.getBytes());
    return Optional.of(new UUID(b.getLong(), b.getLong()));
  }

  private Optional<StoredAccount> active(String username) {
    return accounts.findByUsername(username).filter(a -> a.status() == AccountStatus.ACTIVE);
  }

  @Override
  public Set<PublicKeyCredentialDescriptor> getCredentialIdsForUsername(String username) {
    return active(username)
        .map(
            a ->
                passkeys.listForAccount(a.id()).stream()
                    .map(
                        p ->
                            PublicKeyCredentialDescriptor.builder()
                                .id(new ByteArray(p.credentialId()))
                                .build())
                    .collect(Collectors.toSet()))
        .orElse(Set.of());
  }

  @Override
  public Optional<ByteArray> getUserHandleForUsername(String username) {
    return active(username).map(a -> userHandle(a.id()));
  }

  @Override
  public Optional<String> getUsernameForUserHandle(ByteArray userHandle) {
    return accountId(userHandle)
        .flatMap(accounts::findById)
        .filter(a -> a.status() == AccountStatus.ACTIVE)
        .map(StoredAccount::username);
  }

  @Override
  public Optional<RegisteredCredential> lookup(ByteArray credentialId, ByteArray userHandle) {
    return passkeys
        .find(credentialId.getBytes())
        .filter(p -> userHandle(p.accountId()).equals(userHandle))
        .map(PasskeyCredentials::registered);
  }

  @Override
  public Set<RegisteredCredential> lookupAll(ByteArray credentialId) {
    return passkeys
        .find(credentialId.getBytes())
        .map(PasskeyCredentials::registered)
        .map(Set::of)
        .orElse(Set.of());
  }

  private static RegisteredCredential registered(StoredPasskey p) {
    return RegisteredCredential.builder()
        .credentialId(new ByteArray(p.credentialId()))
        .userHandle(userHandle(p.accountId()))
        .publicKeyCose(new ByteArray(p.publicKeyCose()))
        .signatureCount(p.signatureCount())
        .build();
  }
}
