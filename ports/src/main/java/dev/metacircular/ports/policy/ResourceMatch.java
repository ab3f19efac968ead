package dev.metacircular.ports.policy;

import java.util.List;

/**
 * What a rule applies to. An empty list matches anything. {@code services} and {@code mounts} match
 * when the request's value is in the list; {@code tags} matches when the request carries every
 * listed tag; {@code paths} are globs ({@code *} within a segment, {@code **} across segments)
 * matched against the request's path.
 */
public record ResourceMatch(
    List<String> services, List<String> tags, List<String> mounts, List<String> paths) {
  public ResourceMatch {
    services = services == null ? List.of() : List.copyOf(services);
    tags = tags == null ? List.of() : List.copyOf(tags);
    mounts = mounts == null ? List.of() : List.copyOf(mounts);
    paths = paths == null ? List.of() : List.copyOf(paths);
  }

  public static ResourceMatch any() {
    return new ResourceMatch(List.of(), List.of(), List.of(), List.of());
  }
}
