package dev.metacircular.ports.ssh.in;

/** {@code get-profile} / {@code delete-profile}: the profile {@code name}. */
public record ProfileName(String name) {
  public ProfileName {
    SshFields.name("name", name);
  }
}
