package dev.metacircular.ports.transit.in;

/**
 * {@code create-key}: a new key {@code name} of {@code type} (aes256-gcm, chacha20-poly1305,
 * ed25519, ecdsa-p256, hmac; the engine checks the type), exportable when asked (default no).
 */
public record CreateKey(String name, String type, Boolean exportable) {
  public CreateKey {
    TransitKeyName.require("name", name);
    TransitKeyName.required("type", type);
    exportable = exportable != null && exportable;
  }
}
