package dev.metacircular.ports.policy;

import java.util.List;
import java.util.Objects;

/** What is asked of the policy engine: may this subject perform this action on this resource? */
public record PolicyRequest(Subject subject, Resource resource, String action) {
  public PolicyRequest {
    subject = subject == null ? new Subject(null, List.of(), null) : subject;
    resource = resource == null ? new Resource(null, List.of(), null, null) : resource;
    action = action == null ? "" : action;
  }

  /** The caller. Any field may be null or empty when unknown. */
  public record Subject(String username, List<String> roles, String accountType) {
    public Subject {
      roles = roles == null ? List.of() : List.copyOf(roles);
    }
  }

  /** The target. Any field may be null or empty when it does not apply. */
  public record Resource(String service, List<String> tags, String mount, String path) {
    public Resource {
      tags = tags == null ? List.of() : List.copyOf(tags);
    }
  }

  public static PolicyRequest of(Subject subject, Resource resource, String action) {
    return new PolicyRequest(
        Objects.requireNonNull(subject), Objects.requireNonNull(resource), action);
  }
}
