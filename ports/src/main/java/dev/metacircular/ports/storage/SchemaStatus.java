package dev.metacircular.ports.storage;

/**
 * Where a database's schema stands: its current version, the newest version this build knows, and
 * whether a migration failed half-way ({@code dirty}).
 */
public record SchemaStatus(int currentVersion, int latestVersion, boolean dirty) {
  public boolean upToDate() {
    return !dirty && currentVersion == latestVersion;
  }
}
