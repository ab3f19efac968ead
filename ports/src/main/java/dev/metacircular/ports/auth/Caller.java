package dev.metacircular.ports.auth;

import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * Who is asking, as established by a front door (a validated token) or an offline tool.
 *
 * @param accountId the account, or null for an offline tool acting on the database directly
 * @param name the username, or the tool's name ({@code mciasdb})
 * @param roles the account's roles
 * @param accountType human or system, or null for a tool
 * @param jti the id of the token the caller presented, or null
 * @param sourceAddress the client address, or empty
 */
public record Caller(
    UUID accountId,
    String name,
    Set<Role> roles,
    AccountType accountType,
    String jti,
    String sourceAddress) {

  public Caller {
    Objects.requireNonNull(name, "name");
    roles = roles == null ? Set.of() : Set.copyOf(roles);
    sourceAddress = sourceAddress == null ? "" : sourceAddress;
  }

  /**
   * Someone without a token, at {@code sourceAddress}: no account, no roles. Only public reads
   * ({@code Operation.publicRead}) run for such a caller.
   */
  public static Caller anonymous(String sourceAddress) {
    return new Caller(null, ANONYMOUS, Set.of(), null, null, sourceAddress);
  }

  /** The name of {@link #anonymous}: not a valid username, so no account can take it. */
  public static final String ANONYMOUS = "(anonymous)";

  /** Whether this is {@link #anonymous}, someone without a token. */
  public boolean isAnonymous() {
    return accountId == null && ANONYMOUS.equals(name);
  }

  /** Admin status comes only from the identity service's {@code admin} role. */
  public boolean isAdmin() {
    return roles.contains(Role.ADMIN);
  }

  /** An offline maintenance tool: full rights, no account, no address. */
  public static Caller offlineTool(String toolName) {
    return new Caller(null, toolName, Set.of(Role.ADMIN), null, null, "");
  }

  /** The roles by their wire names ({@code admin}, {@code user}, {@code guest}), sorted. */
  public java.util.List<String> roleNames() {
    return roles.stream().map(Role::wireName).sorted().toList();
  }

  /** The account type's wire name ({@code human}, {@code system}), or empty for a tool. */
  public String accountTypeName() {
    return accountType == null ? "" : accountType.wireName();
  }

  /** The id to record as the actor of an audit event. */
  public String auditActor() {
    return accountId != null ? accountId.toString() : name;
  }
}
