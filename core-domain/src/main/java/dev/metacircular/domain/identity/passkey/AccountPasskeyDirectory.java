package dev.metacircular.domain.identity.passkey;

import dev.metacircular.ports.identity.AccountStatus;
import dev.metacircular.ports.identity.out.AccountStore;
import dev.metacircular.ports.identity.out.PasskeyDirectory;
import dev.metacircular.ports.identity.out.PasskeyStore;
import dev.metacircular.ports.identity.out.StoredAccount;
import dev.metacircular.ports.identity.out.StoredPasskey;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The accounts and passkeys a WebAuthn verifier may see. A WebAuthn user name is the account's
 * username; its user handle is the 16 bytes of the account id. Accounts that are not active have no
 * credentials as far as the verifier is concerned, so they cannot sign in.
 */
final class AccountPasskeyDirectory implements PasskeyDirectory {

  private final AccountStore accounts;
  private final PasskeyStore passkeys;

  AccountPasskeyDirectory(AccountStore accounts, PasskeyStore passkeys) {
    this.accounts = accounts;
    this.passkeys = passkeys;
  }

  static byte[] userHandle(UUID accountId) {
    ByteBuffer b = ByteBuffer.allocate(16);
    b.putLong(accountId.getMostSignificantBits()).putLong(accountId.getLeastSignificantBits());
    return b.array();
  }

  static Optional<UUID> accountId(byte[] userHandle) {
    if (userHandle == null || userHandle.length != 16) {
      return Optional.empty();
    }
    ByteBuffer b = ByteBuffer.wrap(userHandle);
    return Optional.of(new UUID(b.getLong(), b.getLong()));
  }

  private Optional<StoredAccount> active(String username) {
    return accounts.findByUsername(username).filter(a -> a.status() == AccountStatus.ACTIVE);
  }

  @Override
  public Optional<byte[]> userHandle(String username) {
    return active(username).map(a -> userHandle(a.id()));
  }

  @Override
  public Optional<String> username(byte[] userHandle) {
    return accountId(userHandle)
        .flatMap(accounts::findById)
        .filter(a -> a.status() == AccountStatus.ACTIVE)
        .map(StoredAccount::username);
  }

  @Override
  public List<byte[]> credentialIds(String username) {
    return active(username)
        .map(
            a -> passkeys.listForAccount(a.id()).stream().map(StoredPasskey::credentialId).toList())
        .orElse(List.of());
  }

  @Override
  public Optional<Registered> find(byte[] credentialId) {
    return passkeys
        .find(credentialId)
        .map(
            p ->
                new Registered(
                    p.credentialId(),
                    userHandle(p.accountId()),
                    p.publicKeyCose(),
                    p.signatureCount()));
  }
}
