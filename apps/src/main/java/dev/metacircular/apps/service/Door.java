package dev.metacircular.apps.service;

/**
 * A front door of a service (its REST API, its gRPC API): a door module contributes one to the
 * service's set, and the service opens them in that order once its core is ready, and closes them
 * before the core.
 */
@FunctionalInterface
public interface Door {

  /** Starts listening; fails (with nothing left open) when the address is taken. */
  Listener open();
}
