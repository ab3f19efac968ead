package dev.metacircular.ports.acme;

import java.util.Objects;

/**
 * A refusal of the ACME server: every inbound call answers its result or throws this, which the
 * door turns into an {@code application/problem+json} document of the problem's type and status.
 */
public final class AcmeRefusal extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient AcmeProblem problem;

  public AcmeRefusal(AcmeProblemType type, String detail) {
    super(detail, null, false, false);
    this.problem = new AcmeProblem(Objects.requireNonNull(type, "type"), detail);
  }

  public AcmeProblem problem() {
    return problem;
  }
}
