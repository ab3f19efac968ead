package dev.metacircular.crypto.keyset;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.PublicKeySign;
import com.google.crypto.tink.PublicKeyVerify;
import java.security.GeneralSecurityException;

/**
 * A signing key pair ({@link KeyType#ED25519} or {@link KeyType#ECDSA_P256}). Signatures are the
 * algorithm's standard encoding (64 bytes for Ed25519, DER for ECDSA with SHA-256), so anyone
 * holding {@link #publicKeyPem()} can verify them with OpenSSL or the JCA. The public key is not
 * secret and survives {@link #destroy()}.
 */
public final class SigningKeyset extends TinkKey<PublicKeySign> implements KeysetKey {

  private final byte[] publicKeyDer;
  private final PublicKeyVerify verifier;

  SigningKeyset(KeyType type, KeysetHandle handle) {
    super(type, handle, PublicKeySign.class);
    KeysetHandle publicHandle = TinkKeysets.publicHandle(handle);
    this.verifier = TinkKeysets.primitive(publicHandle, PublicKeyVerify.class);
    this.publicKeyDer = PublicKeyEncoding.subjectPublicKeyInfo(publicHandle);
  }

  /** The signature of {@code data}. */
  public byte[] sign(byte[] data) {
    PublicKeySign s = live();
    try {
      return s.sign(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("signing failed");
    }
  }

  /**
   * True when {@code signature} is a valid signature of {@code data} under this key; never throws
   * for a bad signature. Works after {@link #destroy()}: it needs only the public key.
   */
  public boolean verify(byte[] signature, byte[] data) {
    if (signature == null || data == null) {
      return false;
    }
    try {
      verifier.verify(signature, data);
      return true;
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  /** The public key as DER SubjectPublicKeyInfo (a fresh copy). */
  public byte[] publicKeyDer() {
    return publicKeyDer.clone();
  }

  /**
   * The public key as a {@code -----BEGIN PUBLIC KEY-----} PEM block, as {@code openssl pkey
   * -pubout} writes it.
   */
  public String publicKeyPem() {
    return PublicKeyEncoding.pem(publicKeyDer);
  }
}
