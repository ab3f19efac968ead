package dev.metacircular.webauthn;

import com.yubico.webauthn.CredentialRepository;
import com.yubico.webauthn.RegisteredCredential;
import com.yubico.webauthn.data.ByteArray;
import com.yubico.webauthn.data.PublicKeyCredentialDescriptor;
import dev.metacircular.ports.identity.out.PasskeyDirectory;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Yubico's view of the core's {@link PasskeyDirectory}. The directory already leaves out accounts
 * that may not sign in, so their credentials verify nothing here either.
 */
final class DirectoryCredentials implements CredentialRepository {

  private final PasskeyDirectory directory;

  DirectoryCredentials(PasskeyDirectory directory) {
    this.directory = directory;
  }

  @Override
  public Set<PublicKeyCredentialDescriptor> getCredentialIdsForUsername(String username) {
    return directory.credentialIds(username).stream()
        .map(id -> PublicKeyCredentialDescriptor.builder().id(new ByteArray(id)).build())
        .collect(Collectors.toSet());
  }

  @Override
  public Optional<ByteArray> getUserHandleForUsername(String username) {
    return directory.userHandle(username).map(ByteArray::new);
  }

  @Override
  public Optional<String> getUsernameForUserHandle(ByteArray userHandle) {
    return directory.username(userHandle.getBytes());
  }

  @Override
  public Optional<RegisteredCredential> lookup(ByteArray credentialId, ByteArray userHandle) {
    return directory
        .find(credentialId.getBytes())
        .filter(p -> new ByteArray(p.userHandle()).equals(userHandle))
        .map(DirectoryCredentials::registered);
  }

  @Override
  public Set<RegisteredCredential> lookupAll(ByteArray credentialId) {
    return directory
        .find(credentialId.getBytes())
        .map(DirectoryCredentials::registered)
        .map(Set::of)
        .orElse(Set.of());
  }

  private static RegisteredCredential registered(PasskeyDirectory.Registered p) {
    return RegisteredCredential.builder()
        .credentialId(new ByteArray(p.credentialId()))
        .userHandle(new ByteArray(p.userHandle()))
        .publicKeyCose(new ByteArray(p.publicKeyCose()))
        .signatureCount(p.signatureCount())
        .build();
  }
}
