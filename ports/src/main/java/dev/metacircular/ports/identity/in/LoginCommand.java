package dev.metacircular.ports.identity.in;

import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.identity.Usernames;
import java.util.List;

/**
 * A password login. {@code totpCode}, {@code serviceName}, {@code tags} and {@code recoveryCode}
 * may be null; a recovery code stands in for the TOTP code (one or the other, not both). {@code
 * sourceAddress} is the client's address as the door saw it (used for rate limiting and audit). The
 * caller owns {@code password} and wipes it after the call.
 */
public record LoginCommand(
    String username,
    char[] password,
    String totpCode,
    String serviceName,
    List<String> tags,
    String sourceAddress,
    String recoveryCode) {

  public static final int MAX_PASSWORD_LENGTH = 1024;
  public static final int MAX_SERVICE_NAME = 128;
  public static final int MAX_TAGS = 32;
  public static final int MAX_RECOVERY_CODE = 48;

  /** A login without a recovery code. */
  public LoginCommand(
      String username,
      char[] password,
      String totpCode,
      String serviceName,
      List<String> tags,
      String sourceAddress) {
    this(username, password, totpCode, serviceName, tags, sourceAddress, null);
  }

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
    if (recoveryCode != null && recoveryCode.isBlank()) {
      recoveryCode = null;
    }
    if (recoveryCode != null && recoveryCode.length() > MAX_RECOVERY_CODE) {
      throw new DomainException.InvalidInput(
          "recovery_code is longer than " + MAX_RECOVERY_CODE + " characters");
    }
    if (recoveryCode != null && totpCode != null) {
      throw new DomainException.InvalidInput("give totp_code or recovery_code, not both");
    }
  }

  @Override
  public String toString() {
    return "LoginCommand[username=" + username + ", service=" + serviceName + "]";
  }
}
