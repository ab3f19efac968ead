package dev.metacircular.crypto.keyset;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.Mac;
import dev.metacircular.crypto.SecretBytes;
import java.security.GeneralSecurityException;

/**
 * A MAC key ({@link KeyType#HMAC_SHA256}): the tag is the plain 32-byte HMAC-SHA256 of the data,
 * identical to JCA {@code HmacSHA256} over the exported raw key. Verification compares in
 * constant time.
 */
public final class MacKeyset implements KeysetKey {

    private final KeyType type;
    private volatile KeysetHandle handle;
    private volatile Mac mac;

    MacKeyset(KeyType type, KeysetHandle handle) {
        this.type = type;
        this.handle = handle;
        this.mac = TinkKeysets.primitive(handle, Mac.class);
    }

    @Override
    public KeyType type() {
        return type;
    }

    /** The tag of {@code data}. */
    public byte[] compute(byte[] data) {
        try {
            return live().computeMac(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("mac failed");
        }
    }

    /** True when {@code tag} is this key's tag of {@code data}; never throws for a bad tag. */
    public boolean verify(byte[] tag, byte[] data) {
        Mac m = live();
        if (tag == null || data == null) {
            return false;
        }
        try {
            m.verifyMac(tag, data);
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
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
        mac = null;
        handle = null;
    }

    @Override
    public boolean isDestroyed() {
        return mac == null;
    }

    @Override
    public String toString() {
        return "MacKeyset[" + type + "]";
    }

    private Mac live() {
        Mac m = mac;
        if (m == null) {
            throw new IllegalStateException("key destroyed");
        }
        return m;
    }

    private KeysetHandle liveHandle() {
        KeysetHandle h = handle;
        if (h == null) {
            throw new IllegalStateException("key destroyed");
        }
        return h;
    }
}
