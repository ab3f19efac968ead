package dev.metacircular.ports.u2u.in;

import dev.metacircular.ports.error.DomainException;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * {@code encrypt}: {@code plaintext} from the caller to {@code recipients} (registered usernames,
 * 1-100, duplicates dropped), with optional {@code context} bound as associated data and carried in
 * the envelope.
 */
public record EncryptMessage(List<String> recipients, byte[] plaintext, byte[] context) {
  private static final java.util.regex.Pattern USERNAME =
      java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");

  public EncryptMessage {
    if (recipients == null) {
      throw new DomainException.InvalidInput("recipients is required");
    }
    if (recipients.isEmpty() || recipients.size() > 100) {
      throw new DomainException.InvalidInput("recipients must name 1-100 users");
    }
    for (String r : recipients) {
      if (r == null || !USERNAME.matcher(r).matches()) {
        throw new DomainException.InvalidInput("recipients must hold usernames");
      }
    }
    recipients = List.copyOf(new LinkedHashSet<>(recipients));
    if (plaintext == null) {
      throw new DomainException.InvalidInput("plaintext is required");
    }
    if (context != null && context.length > 1024) {
      throw new DomainException.InvalidInput("context is longer than 1024 bytes");
    }
  }

  @Override
  public String toString() {
    return "EncryptMessage[recipients=" + recipients + "]";
  }
}
