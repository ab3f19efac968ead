package dev.metacircular.crypto;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;

/**
 * Argon2id (RFC 9106, version 0x13) key derivation on Bouncy Castle.
 *
 * <p>The passphrase is encoded as UTF-8 (unpaired surrogates become {@code ?}, as
 * {@link String#getBytes} would do) into a temporary array that is wiped before returning.
 */
public final class Argon2id {

    /** RFC 9106 minimums. */
    static final int MIN_SALT_LENGTH = 8;
    static final int MIN_OUTPUT_LENGTH = 4;

    private Argon2id() {
    }

    public static SecretBytes derive(char[] passphrase, byte[] salt, Argon2Parameters p, int outputLength) {
        if (passphrase == null) {
            throw new IllegalArgumentException("passphrase must not be null");
        }
        if (salt == null || salt.length < MIN_SALT_LENGTH) {
            throw new IllegalArgumentException("argon2 salt must be at least " + MIN_SALT_LENGTH + " bytes");
        }
        if (p == null) {
            throw new IllegalArgumentException("argon2 parameters must not be null");
        }
        if (outputLength < MIN_OUTPUT_LENGTH) {
            throw new IllegalArgumentException("argon2 output length must be at least " + MIN_OUTPUT_LENGTH);
        }
        if (p.memoryKiB() < 8 * p.parallelism()) {
            throw new IllegalArgumentException("argon2 memoryKiB must be at least 8 x parallelism");
        }
        byte[] password = utf8(passphrase);
        byte[] out = new byte[outputLength];
        try {
            var params = new org.bouncycastle.crypto.params.Argon2Parameters.Builder(
                    org.bouncycastle.crypto.params.Argon2Parameters.ARGON2_id)
                    .withVersion(org.bouncycastle.crypto.params.Argon2Parameters.ARGON2_VERSION_13)
                    .withIterations(p.iterations())
                    .withMemoryAsKB(p.memoryKiB())
                    .withParallelism(p.parallelism())
                    .withSalt(salt)
                    .build();
            var generator = new Argon2BytesGenerator();
            generator.init(params);
            generator.generateBytes(password, out);
            return SecretBytes.wrap(out);
        } finally {
            Arrays.fill(password, (byte) 0);
        }
    }

    /** UTF-8 bytes of {@code chars} in an exact-length array; intermediate buffers are wiped. */
    static byte[] utf8(char[] chars) {
        CharsetEncoder encoder = StandardCharsets.UTF_8.newEncoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        ByteBuffer buffer;
        try {
            buffer = encoder.encode(CharBuffer.wrap(chars));
        } catch (CharacterCodingException e) {
            // unreachable with REPLACE; never echo the input
            throw new IllegalArgumentException("passphrase cannot be encoded");
        }
        byte[] exact = new byte[buffer.remaining()];
        buffer.get(exact);
        if (buffer.hasArray()) {
            Arrays.fill(buffer.array(), (byte) 0);
        }
        return exact;
    }
}
