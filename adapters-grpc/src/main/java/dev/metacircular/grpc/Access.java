package dev.metacircular.grpc;

/** Who may call a method, as far as the door is concerned. */
enum Access {
  /** No token needed; a presented one is still passed on (logout, renew and token info use it). */
  PUBLIC,
  /** A valid bearer token. */
  AUTHENTICATED,
  /**
   * A valid bearer token of an admin. The core checks the same on its own; refusing at the door
   * keeps a non-admin from reaching the port at all.
   */
  ADMIN
}
