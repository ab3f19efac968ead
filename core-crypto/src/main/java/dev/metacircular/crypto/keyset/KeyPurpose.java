package dev.metacircular.crypto.keyset;

/** What a key is for; it decides which {@link KeysetKey} subtype a key of that type is. */
public enum KeyPurpose {
  /** Authenticated encryption with associated data: {@link AeadKeyset}. */
  ENCRYPTION,
  /** Digital signatures: {@link SigningKeyset}. */
  SIGNING,
  /** Message authentication codes: {@link MacKeyset}. */
  MAC
}
