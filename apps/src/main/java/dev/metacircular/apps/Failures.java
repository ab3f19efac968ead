package dev.metacircular.apps;

import com.google.inject.CreationException;
import com.google.inject.ProvisionException;
import com.google.inject.spi.Message;
import dev.metacircular.apps.config.ConfigException;
import dev.metacircular.ports.error.DomainException;
import java.io.UncheckedIOException;

/** Turns a failure into the one line an operator reads. */
final class Failures {
  private Failures() {}

  static String describe(Throwable e) {
    Throwable t = unwrap(e);
    String message = t.getMessage();
    if (t instanceof ConfigException || t instanceof DomainException) {
      return message;
    }
    if (t instanceof UncheckedIOException && t.getCause() != null) {
      return message + ": " + t.getCause().getMessage();
    }
    if (message == null || message.isBlank()) {
      return "internal error ("
          + t.getClass().getSimpleName()
          + "); run with MC_DEBUG=1 for details";
    }
    return message;
  }

  /** Guice wraps what a provider throws; the operator wants the original message. */
  static Throwable unwrap(Throwable e) {
    Throwable t = e;
    for (int depth = 0; depth < 10; depth++) {
      Throwable inner = null;
      if (t instanceof picocli.CommandLine.ExecutionException
          || t instanceof java.lang.reflect.InvocationTargetException) {
        inner = t.getCause();
      } else if (t instanceof ProvisionException p) {
        inner = firstCause(p.getErrorMessages());
      } else if (t instanceof CreationException c) {
        inner = firstCause(c.getErrorMessages());
      }
      if (inner == null) {
        return t;
      }
      t = inner;
    }
    return t;
  }

  private static Throwable firstCause(Iterable<Message> messages) {
    for (Message m : messages) {
      if (m.getCause() != null) {
        return m.getCause();
      }
    }
    return null;
  }
}
