package dev.metacircular.crypto.keyset;

import com.google.crypto.tink.Key;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.signature.EcdsaPublicKey;
import com.google.crypto.tink.signature.Ed25519PublicKey;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPublicKeySpec;
import java.util.Base64;

/** Standard encodings of a Tink public key: DER SubjectPublicKeyInfo and its PEM form. */
final class PublicKeyEncoding {

  /**
   * The fixed SubjectPublicKeyInfo header of an Ed25519 key (RFC 8410), before the 32 key bytes.
   */
  private static final byte[] ED25519_SPKI_PREFIX = {
    0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00
  };

  private static final Base64.Encoder PEM_BODY =
      Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));

  private PublicKeyEncoding() {}

  static byte[] subjectPublicKeyInfo(KeysetHandle publicHandle) {
    Key key = publicHandle.getPrimary().getKey();
    if (key instanceof Ed25519PublicKey) {
      byte[] raw = ((Ed25519PublicKey) key).getPublicKeyBytes().toByteArray();
      byte[] out = new byte[ED25519_SPKI_PREFIX.length + raw.length];
      System.arraycopy(ED25519_SPKI_PREFIX, 0, out, 0, ED25519_SPKI_PREFIX.length);
      System.arraycopy(raw, 0, out, ED25519_SPKI_PREFIX.length, raw.length);
      return out;
    }
    if (key instanceof EcdsaPublicKey) {
      try {
        AlgorithmParameters params = AlgorithmParameters.getInstance("EC");
        params.init(new ECGenParameterSpec("secp256r1"));
        ECParameterSpec spec = params.getParameterSpec(ECParameterSpec.class);
        ECPublicKeySpec keySpec =
            new ECPublicKeySpec(((EcdsaPublicKey) key).getPublicPoint(), spec);
        return KeyFactory.getInstance("EC").generatePublic(keySpec).getEncoded();
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("cannot encode the ECDSA public key");
      }
    }
    throw new IllegalStateException("not a signing public key");
  }

  static String pem(byte[] der) {
    return "-----BEGIN PUBLIC KEY-----\n"
        + PEM_BODY.encodeToString(der)
        + "\n-----END PUBLIC KEY-----\n";
  }
}
