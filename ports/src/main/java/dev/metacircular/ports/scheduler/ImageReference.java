package dev.metacircular.ports.scheduler;

import dev.metacircular.ports.error.DomainException;

/**
 * An image reference with a pinned tag ({@code registry/name:v1.2.0}). No tag, or {@code latest},
 * is refused: a deployment must be reproducible and {@code status} must show what runs.
 */
public record ImageReference(String value) {

  public ImageReference {
    if (value == null || value.isBlank() || value.chars().anyMatch(Character::isWhitespace)) {
      throw new DomainException.InvalidInput("image must be a reference such as name:v1.0.0");
    }
    if (value.contains("@")) {
      throw new DomainException.InvalidInput(
          "image \"" + value + "\" must pin a tag (name:tag), not a digest");
    }
    int slash = value.lastIndexOf('/');
    int colon = value.lastIndexOf(':');
    if (colon <= slash || colon == value.length() - 1) {
      throw new DomainException.InvalidInput(
          "image \"" + value + "\" has no tag: pin a version such as " + value + ":v1.0.0");
    }
    if (value.substring(colon + 1).equals("latest")) {
      throw new DomainException.InvalidInput(
          "image \"" + value + "\" uses the latest tag: pin a version such as v1.0.0");
    }
  }

  /** The tag: what {@code status} shows as the running version. */
  public String tag() {
    return value.substring(value.lastIndexOf(':') + 1);
  }

  @Override
  public String toString() {
    return value;
  }
}
