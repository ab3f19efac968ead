package dev.metacircular.rest.acmeclient;

/**
 * The ACME server refused a step with a problem document (RFC 8555 §6.7): its message is one line,
 * the step, the problem type and the server's detail ({@code new-order refused:
 * urn:ietf:params:acme:error:rejectedIdentifier: role web does not allow the name x.example}).
 */
public final class AcmeServerProblem extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  /** RFC 8555's error namespace. */
  static final String ACME_ERRORS = "urn:ietf:params:acme:error:";

  private final String type;

  AcmeServerProblem(String step, String type, String detail) {
    super(step + " refused: " + oneLine(type) + ": " + oneLine(detail));
    this.type = type;
  }

  /** The problem's type URI as the server sent it. */
  public String type() {
    return type;
  }

  /** Whether it is the ACME error {@code name} ({@code badNonce}, {@code rejectedIdentifier}). */
  public boolean is(String name) {
    return (ACME_ERRORS + name).equals(type);
  }

  /** Control characters out, and at most 300 characters: a server's text is not trusted. */
  static String oneLine(String text) {
    if (text == null || text.isBlank()) {
      return "(no detail)";
    }
    // Every control character (C0 and C1, NEL included) and the Unicode line and paragraph
    // separators: nothing the server writes may start a new line in our log.
    String flat = text.replaceAll("[\\p{Cc}\\p{Zl}\\p{Zp}]+", " ").strip();
    return flat.length() > 300 ? flat.substring(0, 300) + "..." : flat;
  }
}
