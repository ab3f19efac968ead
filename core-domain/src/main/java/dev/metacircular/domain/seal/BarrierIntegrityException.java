package dev.metacircular.domain.seal;

/**
 * A stored value failed authentication: it was changed, truncated, or copied from another path. An
 * internal failure (HTTP 500), never a refusal, and never carrying the bytes involved: the barrier
 * refuses to hand out anything it cannot prove it wrote.
 */
public final class BarrierIntegrityException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  public BarrierIntegrityException(String path) {
    super("integrity check failed for " + path);
  }
}
