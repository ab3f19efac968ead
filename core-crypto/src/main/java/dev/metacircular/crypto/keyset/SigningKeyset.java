package dev.metacircular.crypto.keyset;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.PublicKeySign;
import com.google.crypto.tink.PublicKeyVerify;
import dev.metacircular.crypto.SecretBytes;
import java.security.GeneralSecurityException;

/**
 * A signing key pair ({@link KeyType#ED25519} or {@link KeyType#ECDSA_P256}). Signatures are the
 * algorithm's standard encoding (64 bytes for Ed25519, DER for ECDSA with SHA-256), so anyone
 * holding {@link #publicKeyPem()} can verify them with OpenSSL or the JCA. The public key is not
 * secret and survives {@link #destroy()}.
 */
public final class SigningKeyset implements KeysetKey {

    private final KeyType type;
    private final byte[] publicKeyDer;
    private final PublicKeyVerify verifier;
    private volatile KeysetHandle handle;
    private volatile PublicKeySign signer;

    SigningKeyset(KeyType type, KeysetHandle handle) {
        this.type = type;
        this.handle = handle;
        this.signer = TinkKeysets.primitive(handle, PublicKeySign.class);
        KeysetHandle publicHandle = TinkKeysets.publicHandle(handle);
        this.verifier = TinkKeysets.primitive(publicHandle, PublicKeyVerify.class);
        this.publicKeyDer = PublicKeyEncoding.subjectPublicKeyInfo(publicHandle);
    }

    @Override
    public KeyType type() {
        return type;
    }

    /** The signature of {@code data}. */
    public byte[] sign(byte[] data) {
        PublicKeySign s = signer;
        if (s == null) {
            throw new IllegalStateException("key destroyed");
        }
        try {
            return s.sign(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("signing failed");
        }
    }

    /**
     * True when {@code signature} is a valid signature of {@code data} under this key; never
     * throws for a bad signature. Works after {@link #destroy()}: it needs only the public key.
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

    /** The public key as a {@code -----BEGIN PUBLIC KEY-----} PEM block, as {@code openssl pkey -pubout} writes it. */
    public String publicKeyPem() {
        return PublicKeyEncoding.pem(publicKeyDer);
    }

    @Override
    public byte[] serializeCleartext() {
        return TinkKeysets.serialize(liveHandle());
    }

    @Override
    public SecretBytes exportRawKey() {
        return TinkKeysets.rawKey(liveHandle());
    }

    @Override
    public void destroy() {
        signer = null;
        handle = null;
    }

    @Override
    public boolean isDestroyed() {
        return signer == null;
    }

    @Override
    public String toString() {
        return "SigningKeyset[" + type + "]";
    }

    private KeysetHandle liveHandle() {
        KeysetHandle h = handle;
        if (h == null) {
            throw new IllegalStateException("key destroyed");
        }
        return h;
    }
}
