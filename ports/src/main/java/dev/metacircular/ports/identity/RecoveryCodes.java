package dev.metacircular.ports.identity;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A freshly generated set of recovery codes, shown to their owner once. The caller wipes them with
 * {@link #wipe} once they have been written out.
 */
public final class RecoveryCodes {

  private final List<char[]> codes;

  public RecoveryCodes(List<char[]> codes) {
    this.codes = List.copyOf(Objects.requireNonNull(codes, "codes"));
  }

  /** The codes, in the order they were generated (the arrays themselves, not copies). */
  public List<char[]> codes() {
    return codes;
  }

  public void wipe() {
    codes.forEach(c -> Arrays.fill(c, '\0'));
  }

  @Override
  public String toString() {
    return "RecoveryCodes[" + codes.size() + " codes]";
  }
}
