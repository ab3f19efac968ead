package dev.metacircular.domain.engine.u2u;

import dev.metacircular.crypto.SecretBytes;
import dev.metacircular.crypto.ssh.SshReader;
import dev.metacircular.crypto.ssh.SshWriter;
import dev.metacircular.crypto.u2u.AgreementKeyPair;
import dev.metacircular.crypto.u2u.AgreementKeyType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One user's key versions, stored at {@code keys/<username>}: {@code uint32 count}, then per
 * version {@code uint32 version, uint64 created (epoch seconds), string public key (SPKI DER),
 * string private key (PKCS#8 DER)} — private keys in the clear inside the record, which is safe
 * only because the barrier encrypts it under the mount's key.
 */
record UserKeys(AgreementKeyType type, List<Version> versions) {

  record Version(int number, Instant createdAt, AgreementKeyPair pair) {}

  UserKeys {
    versions = List.copyOf(versions);
  }

  Version latest() {
    return versions.get(versions.size() - 1);
  }

  Version version(int number) {
    return number >= 1 && number <= versions.size() ? versions.get(number - 1) : null;
  }

  UserKeys plus(Instant now) {
    List<Version> more = new ArrayList<>(versions);
    more.add(new Version(versions.size() + 1, now, AgreementKeyPair.generate(type)));
    return new UserKeys(type, more);
  }

  byte[] encode() {
    SshWriter out = new SshWriter(128 * versions.size());
    out.u32(versions.size());
    for (Version v : versions) {
      out.u32(v.number()).u64(v.createdAt().getEpochSecond()).string(v.pair().publicKey());
      try (SecretBytes pkcs8 = v.pair().pkcs8()) {
        pkcs8.withBytes(der -> out.string(der));
      }
    }
    return out.toByteArray();
  }

  static UserKeys decode(AgreementKeyType type, byte[] bytes) {
    SshReader r = new SshReader(bytes);
    long count = r.u32();
    List<Version> versions = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int number = (int) r.u32();
      Instant created = Instant.ofEpochSecond(r.u64());
      byte[] publicKey = r.string();
      byte[] pkcs8 = r.string();
      try {
        versions.add(
            new Version(number, created, AgreementKeyPair.fromEncoded(type, pkcs8, publicKey)));
      } finally {
        Arrays.fill(pkcs8, (byte) 0);
      }
    }
    r.requireEnd("user key record");
    return new UserKeys(type, versions);
  }
}
