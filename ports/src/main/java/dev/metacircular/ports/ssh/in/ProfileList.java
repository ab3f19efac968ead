package dev.metacircular.ports.ssh.in;

import java.util.List;

/** The answer of {@code list-profiles}: the profile names, ascending. */
public record ProfileList(List<String> profiles) {
  public ProfileList {
    profiles = List.copyOf(profiles);
  }
}
