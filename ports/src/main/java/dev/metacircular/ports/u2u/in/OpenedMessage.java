package dev.metacircular.ports.u2u.in;

import java.time.Instant;
import java.util.List;

/** The answer of {@code decrypt}: the plaintext, who sent it, to whom, when, and its context. */
public record OpenedMessage(
    byte[] plaintext, String sender, List<String> recipients, Instant sentAt, byte[] context) {
  public OpenedMessage {
    recipients = List.copyOf(recipients);
  }

  @Override
  public String toString() {
    return "OpenedMessage[sender=" + sender + ", recipients=" + recipients + "]";
  }
}
