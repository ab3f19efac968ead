package dev.metacircular.ports.identity.out;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link PasskeyVerifier} may look up during a ceremony, answered by the core: accounts by
 * WebAuthn user name and user handle, and registered credentials. Accounts that may not sign in are
 * absent, so their credentials verify nothing.
 */
public interface PasskeyDirectory {

  /** The user handle of the account named {@code username}, if it may sign in. */
  Optional<byte[]> userHandle(String username);

  /** The user name of the account with this handle, if it may sign in. */
  Optional<String> username(byte[] userHandle);

  /** The credential ids registered to the account named {@code username}; empty when none. */
  List<byte[]> credentialIds(String username);

  /** The registered credential with this id, with the handle of the account it belongs to. */
  Optional<Registered> find(byte[] credentialId);

  /** A registered credential as the verifier checks a signature against it. */
  record Registered(
      byte[] credentialId, byte[] userHandle, byte[] publicKeyCose, long signatureCount) {
    public Registered {
      credentialId = checkedCredentialId(credentialId);
      userHandle = checkedHandle(userHandle);
      publicKeyCose = Objects.requireNonNull(publicKeyCose, "publicKeyCose").clone();
    }

    @Override
    public byte[] credentialId() {
      return credentialId.clone();
    }

    @Override
    public byte[] userHandle() {
      return userHandle.clone();
    }

    @Override
    public byte[] publicKeyCose() {
      return publicKeyCose.clone();
    }
  }

  /** A copy of a WebAuthn credential id, which is 1-1023 bytes. */
  static byte[] checkedCredentialId(byte[] id) {
    Objects.requireNonNull(id, "credentialId");
    if (id.length == 0 || id.length > 1023) {
      throw new IllegalArgumentException("credentialId must be 1-1023 bytes");
    }
    return id.clone();
  }

  /** A copy of a WebAuthn user handle, which is 1-64 bytes. */
  static byte[] checkedHandle(byte[] handle) {
    Objects.requireNonNull(handle, "userHandle");
    if (handle.length == 0 || handle.length > 64) {
      throw new IllegalArgumentException("userHandle must be 1-64 bytes");
    }
    return handle.clone();
  }
}
