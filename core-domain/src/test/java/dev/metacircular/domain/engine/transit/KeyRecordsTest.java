package dev.metacircular.domain.engine.transit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.metacircular.crypto.SecretBytes;
import dev.metacircular.crypto.keyset.KeysetKey;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class KeyRecordsTest {

  private static TransitKey key(TransitKeyType type, int versions) {
    TransitKey key =
        new TransitKey(
            "k",
            type,
            true,
            false,
            1,
            List.of(
                new KeyVersion(
                    1,
                    Instant.parse("2026-01-01T00:00:00.123456789Z"),
                    KeysetKey.generate(type.keyType()))));
    for (int v = 2; v <= versions; v++) {
      key =
          key.withNewVersion(
              new KeyVersion(
                  v,
                  Instant.ofEpochSecond(1_800_000_000L + v),
                  KeysetKey.generate(type.keyType())));
    }
    return key;
  }

  @ParameterizedTest
  @EnumSource(TransitKeyType.class)
  void aKeyRoundTripsWithEveryVersionAndFlag(TransitKeyType type) {
    TransitKey key = key(type, 3).withMinDecryptionVersion(2).withDeletionAllowed(true);

    TransitKey back = KeyRecords.decode("k", KeyRecords.encode(key));

    assertThat(back.type()).isEqualTo(type);
    assertThat(back.exportable()).isTrue();
    assertThat(back.deletionAllowed()).isTrue();
    assertThat(back.minDecryptionVersion()).isEqualTo(2);
    assertThat(back.versions()).hasSize(3);
    for (int i = 0; i < 3; i++) {
      KeyVersion a = key.versions().get(i);
      KeyVersion b = back.versions().get(i);
      assertThat(b.number()).isEqualTo(a.number());
      assertThat(b.createdAt()).isEqualTo(a.createdAt());
      assertThat(b.prefix()).isEqualTo("metacrypt:v" + (i + 1) + ":");
      try (SecretBytes x = a.key().exportRawKey();
          SecretBytes y = b.key().exportRawKey()) {
        assertThat(x.equalsConstantTime(y)).isTrue();
      }
    }
  }

  @Test
  void theHeaderFollowsTheDocumentedLayout() {
    TransitKey key = key(TransitKeyType.HMAC, 2).withMinDecryptionVersion(2);
    ByteBuffer in = ByteBuffer.wrap(KeyRecords.encode(key));
    assertThat(in.get()).isEqualTo((byte) 1);
    assertThat(in.get()).isEqualTo((byte) 5);
    assertThat(in.get()).isEqualTo((byte) 1);
    assertThat(in.getInt()).isEqualTo(2);
    assertThat(in.getInt()).isEqualTo(2);
    assertThat(in.getLong()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z").getEpochSecond());
    assertThat(in.getInt()).isEqualTo(123456789);
  }

  @Test
  void everyDamagedRecordIsRefusedAsCorrupt() {
    byte[] good = KeyRecords.encode(key(TransitKeyType.AES256_GCM, 2));
    for (int cut = 0; cut < good.length; cut++) {
      byte[] truncated = Arrays.copyOf(good, cut);
      assertThatThrownBy(() -> KeyRecords.decode("k", truncated))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("stored transit key k is corrupt");
    }
    byte[] trailing = Arrays.copyOf(good, good.length + 1);
    assertThatThrownBy(() -> KeyRecords.decode("k", trailing))
        .hasMessage("stored transit key k is corrupt");
    for (int[] edit : new int[][] {{0, 2}, {1, 9}, {2, 4}, {6, 0}, {6, 3}, {10, 0}}) {
      byte[] bad = good.clone();
      bad[edit[0]] = (byte) edit[1];
      assertThatThrownBy(() -> KeyRecords.decode("k", bad))
          .as("byte %d set to %d", edit[0], edit[1])
          .hasMessage("stored transit key k is corrupt");
    }
    // A stored keyset of another type than the header says.
    byte[] otherType = good.clone();
    otherType[1] = (byte) TransitKeyType.CHACHA20_POLY1305.code();
    assertThatThrownBy(() -> KeyRecords.decode("k", otherType))
        .hasMessage("stored transit key k is corrupt");
  }
}
