package dev.metacircular.crypto.u2u;

import com.google.crypto.tink.subtle.Hkdf;
import dev.metacircular.crypto.IntegrityException;
import dev.metacircular.crypto.SecureRandoms;
import dev.metacircular.crypto.ssh.SshReader;
import dev.metacircular.crypto.ssh.SshWriter;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The user-to-user envelope, version 1 (documented in docs/u2u.md so another client can implement
 * it): one random AES-256-GCM content key per message, wrapped for each recipient under a key
 * derived with HKDF-SHA256 from two agreements — the message's ephemeral key with the recipient's
 * key, and the sender's own key with the recipient's key, so only the named sender (or the
 * recipient) could have made the wrap: the sender is authenticated, as in HPKE's auth mode. The
 * content's associated data is the whole header (version, curve, sender and key version, time,
 * ephemeral key, every recipient entry, context), so none of it can change; a SHA-256 checksum over
 * everything catches accidental corruption before any key is used.
 *
 * <pre>
 * byte    version (1)          byte   curve (1 = X25519, 2 = P-256)
 * string  sender               uint32 sender key version      uint64 sent at (epoch seconds)
 * string  ephemeral public key (SubjectPublicKeyInfo DER)
 * uint32  n; n x { string recipient, uint32 recipient key version, string wrap (12-byte nonce || AES-GCM(kek, content key)) }
 * string  context
 * string  nonce (12)           string ciphertext (AES-256-GCM(content key, plaintext, aad = every byte above))
 * byte[32] SHA-256 of every byte above
 * kek = HKDF-SHA256(ikm = DH(ephemeral, recipient) || DH(sender, recipient), salt = SHA-256(ephemeral public key),
 *                   info = "metacircular-u2u-v1" || string sender || uint32 sender version || string recipient || uint32 recipient version)
 * </pre>
 *
 * Strings are SSH wire strings (uint32 length, bytes), integers big-endian.
 */
public final class UserEnvelope {
  public static final int VERSION = 1;
  public static final int MAX_RECIPIENTS = 100;
  private static final byte[] INFO = "metacircular-u2u-v1".getBytes(StandardCharsets.US_ASCII);
  private static final int NONCE = 12;
  private static final int CHECKSUM = 32;

  private UserEnvelope() {}

  /** A recipient as the sender addresses it: username, key version, public key (SPKI DER). */
  public record Recipient(String username, int keyVersion, byte[] publicKey) {}

  /** One recipient entry of a parsed envelope. */
  public record Entry(String username, int keyVersion, byte[] wrap) {}

  /** A parsed envelope whose checksum matched; nothing in it is authenticated yet. */
  public record Parsed(
      AgreementKeyType type,
      String sender,
      int senderKeyVersion,
      long sentAt,
      byte[] ephemeralPublicKey,
      List<Entry> entries,
      byte[] context,
      byte[] header,
      byte[] nonce,
      byte[] ciphertext) {

    public List<String> recipients() {
      return entries.stream().map(Entry::username).toList();
    }

    public Entry entryOf(String username) {
      return entries.stream().filter(e -> e.username().equals(username)).findFirst().orElse(null);
    }
  }

  /**
   * Seals {@code plaintext} from {@code sender} (key version {@code senderVersion}) to each
   * recipient.
   */
  public static byte[] seal(
      String sender,
      int senderVersion,
      AgreementKeyPair senderKey,
      List<Recipient> recipients,
      byte[] plaintext,
      byte[] context,
      long sentAt) {
    try (StaticAgreements once = new StaticAgreements(1)) {
      return seal(sender, senderVersion, senderKey, recipients, plaintext, context, sentAt, once);
    }
  }

  /**
   * {@link #seal(String, int, AgreementKeyPair, List, byte[], byte[], long)} with the sender's
   * static agreements taken from (and kept in) {@code statics}.
   */
  public static byte[] seal(
      String sender,
      int senderVersion,
      AgreementKeyPair senderKey,
      List<Recipient> recipients,
      byte[] plaintext,
      byte[] context,
      long sentAt,
      StaticAgreements statics) {
    if (recipients.isEmpty() || recipients.size() > MAX_RECIPIENTS) {
      throw new IllegalArgumentException("1-" + MAX_RECIPIENTS + " recipients");
    }
    AgreementKeyPair ephemeral = AgreementKeyPair.generate(senderKey.type());
    byte[] ephemeralPublic = ephemeral.publicKey();
    byte[] contentKey = SecureRandoms.bytes(32);
    try {
      SshWriter header = new SshWriter(512 + recipients.size() * 128);
      header.u8(VERSION).u8(senderKey.type().code());
      header.string(sender).u32(senderVersion).u64(sentAt);
      header.string(ephemeralPublic);
      header.u32(recipients.size());
      for (Recipient r : recipients) {
        byte[] kek =
            kek(
                ephemeral.agree(r.publicKey()),
                statics.agree(senderKey, r.publicKey()),
                ephemeralPublic,
                sender,
                senderVersion,
                r.username(),
                r.keyVersion());
        byte[] wrapNonce = SecureRandoms.bytes(NONCE);
        byte[] wrapped = gcm(Cipher.ENCRYPT_MODE, kek, wrapNonce, contentKey, new byte[0]);
        Arrays.fill(kek, (byte) 0);
        header.string(r.username()).u32(r.keyVersion());
        header.string(
            new SshWriter(NONCE + wrapped.length).raw(wrapNonce).raw(wrapped).toByteArray());
      }
      header.string(context == null ? new byte[0] : context);
      byte[] headerBytes = header.toByteArray();
      byte[] nonce = SecureRandoms.bytes(NONCE);
      byte[] ciphertext = gcm(Cipher.ENCRYPT_MODE, contentKey, nonce, plaintext, headerBytes);
      byte[] body =
          new SshWriter(headerBytes.length + ciphertext.length + 64)
              .raw(headerBytes)
              .string(nonce)
              .string(ciphertext)
              .toByteArray();
      return new SshWriter(body.length + CHECKSUM).raw(body).raw(sha256(body)).toByteArray();
    } finally {
      Arrays.fill(contentKey, (byte) 0);
    }
  }

  /** Parses an envelope; {@link IllegalArgumentException} when malformed or corrupted. */
  public static Parsed parse(byte[] envelope) {
    if (envelope == null || envelope.length < CHECKSUM + 2) {
      throw new IllegalArgumentException("the envelope is malformed");
    }
    byte[] body = Arrays.copyOf(envelope, envelope.length - CHECKSUM);
    byte[] sum = Arrays.copyOfRange(envelope, envelope.length - CHECKSUM, envelope.length);
    if (!MessageDigest.isEqual(sha256(body), sum)) {
      throw new IllegalArgumentException("the envelope is corrupted (checksum mismatch)");
    }
    try {
      SshReader r = new SshReader(body);
      if (r.u8() != VERSION) {
        throw new IllegalArgumentException("unsupported envelope version");
      }
      AgreementKeyType type = AgreementKeyType.fromCode(r.u8());
      String sender = r.utf8();
      int senderVersion = (int) r.u32();
      long sentAt = r.u64();
      byte[] ephemeral = r.string();
      long n = r.u32();
      if (n < 1 || n > MAX_RECIPIENTS) {
        throw new IllegalArgumentException("bad recipient count");
      }
      List<Entry> entries = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        entries.add(new Entry(r.utf8(), (int) r.u32(), r.string()));
      }
      byte[] context = r.string();
      int headerEnd = r.position();
      byte[] nonce = r.string();
      byte[] ciphertext = r.string();
      r.requireEnd("envelope");
      return new Parsed(
          type,
          sender,
          senderVersion,
          sentAt,
          ephemeral,
          List.copyOf(entries),
          context,
          Arrays.copyOf(body, headerEnd),
          nonce,
          ciphertext);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the envelope is malformed");
    }
  }

  /**
   * Opens a parsed envelope as recipient {@code me} with the key pair of the version its entry
   * names and the sender's public key of the version the header names; {@link IntegrityException}
   * when anything does not authenticate.
   */
  public static byte[] open(Parsed p, String me, AgreementKeyPair myKey, byte[] senderPublicKey) {
    try (StaticAgreements once = new StaticAgreements(1)) {
      return open(p, me, myKey, senderPublicKey, once);
    }
  }

  /**
   * {@link #open(Parsed, String, AgreementKeyPair, byte[])} with the static agreement taken from
   * (and kept in) {@code statics}.
   */
  public static byte[] open(
      Parsed p,
      String me,
      AgreementKeyPair myKey,
      byte[] senderPublicKey,
      StaticAgreements statics) {
    Entry entry = p.entryOf(me);
    if (entry == null || myKey.type() != p.type() || entry.wrap().length != NONCE + 48) {
      throw new IntegrityException();
    }
    byte[] kek = null;
    byte[] contentKey = null;
    try {
      kek =
          kek(
              myKey.agree(p.ephemeralPublicKey()),
              statics.agree(myKey, senderPublicKey),
              p.ephemeralPublicKey(),
              p.sender(),
              p.senderKeyVersion(),
              me,
              entry.keyVersion());
      byte[] wrap = entry.wrap();
      contentKey =
          gcm(
              Cipher.DECRYPT_MODE,
              kek,
              Arrays.copyOf(wrap, NONCE),
              Arrays.copyOfRange(wrap, NONCE, wrap.length),
              new byte[0]);
      if (p.nonce().length != NONCE) {
        throw new IntegrityException();
      }
      return gcm(Cipher.DECRYPT_MODE, contentKey, p.nonce(), p.ciphertext(), p.header());
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new IntegrityException();
    } finally {
      if (kek != null) {
        Arrays.fill(kek, (byte) 0);
      }
      if (contentKey != null) {
        Arrays.fill(contentKey, (byte) 0);
      }
    }
  }

  private static byte[] kek(
      byte[] ephemeralShared,
      byte[] staticShared,
      byte[] ephemeralPublic,
      String sender,
      int senderVersion,
      String recipient,
      int recipientVersion) {
    byte[] ikm =
        new SshWriter(ephemeralShared.length + staticShared.length)
            .raw(ephemeralShared)
            .raw(staticShared)
            .toByteArray();
    Arrays.fill(ephemeralShared, (byte) 0);
    Arrays.fill(staticShared, (byte) 0);
    byte[] info =
        new SshWriter(128)
            .raw(INFO)
            .string(sender)
            .u32(senderVersion)
            .string(recipient)
            .u32(recipientVersion)
            .toByteArray();
    try {
      return Hkdf.computeHkdf("HMACSHA256", ikm, sha256(ephemeralPublic), info, 32);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    } finally {
      Arrays.fill(ikm, (byte) 0);
    }
  }

  private static byte[] gcm(int mode, byte[] key, byte[] nonce, byte[] input, byte[] aad) {
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
      c.updateAAD(aad);
      return c.doFinal(input);
    } catch (javax.crypto.AEADBadTagException e) {
      throw new IntegrityException();
    } catch (GeneralSecurityException e) {
      if (mode == Cipher.DECRYPT_MODE) {
        throw new IntegrityException();
      }
      throw new IllegalStateException(e);
    }
  }

  private static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
