package dev.metacircular.ports.identity.in;

import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.identity.Usernames;
import java.util.List;

/**
 * A password login. {@code totpCode}, {@code serviceName} and {@code tags} may be null.
 * {@code sourceAddress} is the client's address as the door saw it (used for rate limiting and
 * audit). The caller owns {@code password} and wipes it after the call.
 */
public record LoginCommand(
    String username,
    char[] password,
    String totpCode,
    String serviceName,
    List<String> tags,
    String sourceAddress) {

  public static final int MAX_PASSWORD_LENGTH = 1024;
  public static final int MAX_SERVICE_NAME = 128;
  public static final int MAX_TAGS = 32;

  public LoginCommand {
    Usernames.requireValid(username);
    if (password == null || password.length == 0) {
      throw new DomainException.InvalidInput("password is required");
    }
    if (password.length > MAX_PASSWORD_LENGTH) {
      throw new DomainException.InvalidInput(
          "password is longer than " + MAX_PASSWORD_LENGTH + " characters");
    }
    if (totpCode != null && !totpCode.matches("[0-9]{6}")) {
      throw new DomainException.InvalidInput("totp_code must be 6 digits");
    }
    if (serviceName != null && serviceName.length() > MAX_SERVICE_NAME) {
      throw new DomainException.InvalidInput(
          "service_name is longer than " + MAX_SERVICE_NAME + " characters");
    }
    tags = tags == null ? List.of() : List.copyOf(tags);
    if (tags.size() > MAX_TAGS) {
      throw new DomainException.InvalidInput("at most " + MAX_TAGS + " tags");
    }
    sourceAddress = sourceAddress == null ? "" : sourceAddress;
  }

  @Override
  public String toString() {
    return "LoginCommand[username=" + username + ", service=" + serviceName + "]";
  }
}
