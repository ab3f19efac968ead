package dev.metacircular.rest.acmeclient;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECPublicKeySpec;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * The ACME account key, kept in a file: an ES256 (P-256) key pair as a SEC 1 {@code EC PRIVATE KEY}
 * PEM (which carries the public key too), created on first use with mode 0600 before a byte is
 * written, and read back by every later order so renewals stay on the same account. A file that
 * other users can read is refused: whoever holds the key holds the account.
 */
final class AccountKeyFile {
  private static final Set<PosixFilePermission> OWNER_ONLY =
      EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

  private AccountKeyFile() {}

  /** The key in {@code file}, or a new one written there when there is none. */
  static synchronized KeyPair loadOrCreate(Path file) {
    if (Files.isRegularFile(file)) {
      return load(file);
    }
    KeyPair pair = generate();
    write(file, pair);
    return pair;
  }

  static KeyPair generate() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JVM cannot generate P-256 keys", e);
    }
  }

  private static KeyPair load(Path file) {
    requireOwnerOnly(file);
    byte[] pem;
    try {
      pem = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the ACME account key " + file, e);
    }
    try (PEMParser parser =
        new PEMParser(
            new InputStreamReader(new ByteArrayInputStream(pem), StandardCharsets.US_ASCII))) {
      Object read = parser.readObject();
      if (!(read instanceof PrivateKeyInfo info)
          || !(new JcaPEMKeyConverter().getPrivateKey(info) instanceof ECPrivateKey key)
          || key.getParams().getCurve().getField().getFieldSize() != 256) {
        throw new IllegalStateException(
            "the ACME account key " + file + " is not a P-256 PRIVATE KEY PEM");
      }
      return new KeyPair(publicKeyOf(key), key);
    } catch (IOException e) {
      throw new IllegalStateException("the ACME account key " + file + " cannot be read", e);
    } finally {
      Arrays.fill(pem, (byte) 0);
    }
  }

  private static void requireOwnerOnly(Path file) {
    try {
      Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file);
      if (!OWNER_ONLY.containsAll(mode)) {
        throw new IllegalStateException(
            "the ACME account key "
                + file
                + " has mode "
                + PosixFilePermissions.toString(mode)
                + "; it must be 0600 or stricter (chmod 600 "
                + file
                + ")");
      }
    } catch (UnsupportedOperationException e) {
      // Not a POSIX file system: its ACLs are the operator's to set.
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the mode of " + file, e);
    }
  }

  /** The public point d·G of a P-256 private key (PKCS#8 does not carry it). */
  private static PublicKey publicKeyOf(ECPrivateKey key) {
    X9ECParameters curve = ECNamedCurveTable.getByName("secp256r1");
    ECPoint q = new FixedPointCombMultiplier().multiply(curve.getG(), key.getS()).normalize();
    try {
      return KeyFactory.getInstance("EC")
          .generatePublic(
              new ECPublicKeySpec(
                  new java.security.spec.ECPoint(
                      q.getAffineXCoord().toBigInteger(), q.getAffineYCoord().toBigInteger()),
                  key.getParams()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot derive the ACME account's public key", e);
    }
  }

  /** Written to a sibling created with mode 0600, then renamed over {@code file}. */
  private static void write(Path file, KeyPair pair) {
    byte[] pem = CertificateRequests.privateKeyPem(pair);
    Path dir = file.toAbsolutePath().getParent();
    Path temp = dir.resolve("." + file.getFileName() + ".new");
    try {
      Files.createDirectories(dir);
      Files.deleteIfExists(temp);
      try (SeekableByteChannel channel =
          Files.newByteChannel(
              temp,
              EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
              PosixFilePermissions.asFileAttribute(OWNER_ONLY))) {
        ByteBuffer buffer = ByteBuffer.wrap(pem);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
      }
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the ACME account key " + file, e);
    } finally {
      Arrays.fill(pem, (byte) 0);
    }
  }
}
