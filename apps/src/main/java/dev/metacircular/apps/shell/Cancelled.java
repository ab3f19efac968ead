package dev.metacircular.apps.shell;

/** The operator cancelled a prompt (Ctrl-C, Ctrl-D) or a running command (Ctrl-C). */
final class Cancelled extends RuntimeException {
  Cancelled(String message) {
    super(message, null, false, false);
  }
}
