package dev.metacircular.architecture;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A module's resolved runtime class path, as the build lists it ({@code dependency:list} into
 * {@code target/runtime-dependencies.txt}, see the parent pom): every artifact, direct or
 * transitive, by {@code groupId:artifactId}.
 */
record RuntimeDependencies(String module, Set<String> artifacts) {

  static final String FILE = "target/runtime-dependencies.txt";

  // "   com.google.code.gson:gson:jar:2.13.2:compile -- module com.google.gson"
  private static final Pattern LINE =
      Pattern.compile("^\\s+([^:\\s]+):([^:\\s]+):[^:\\s]+(?::[^:\\s]+)?:[^:\\s]+:(\\w+)");

  RuntimeDependencies {
    artifacts = Set.copyOf(artifacts);
  }

  /**
   * Parses the plugin's output: one {@code group:artifact:type[:classifier]:version:scope} a line.
   */
  static RuntimeDependencies parse(String module, String listing) {
    Set<String> found = new TreeSet<>();
    for (String line : listing.split("\n")) {
      Matcher m = LINE.matcher(line);
      if (m.find() && !m.group(3).equals("test")) {
        found.add(m.group(1) + ":" + m.group(2));
      }
    }
    return new RuntimeDependencies(module, found);
  }

  /**
   * Reads {@code module}'s list under the build root. Refuses a missing list, and one older than
   * the module's pom (a dependency was changed since the list was written): both mean the module
   * was not built in this run, so the check would judge a class path that no longer exists.
   */
  static RuntimeDependencies of(Path root, String module) {
    Path list = root.resolve(module).resolve(FILE);
    Path pom = root.resolve(module).resolve("pom.xml");
    try {
      if (!Files.isRegularFile(list)
          || Files.getLastModifiedTime(list).compareTo(Files.getLastModifiedTime(pom)) < 0) {
        throw new IllegalStateException(
            module
                + "/"
                + FILE
                + " is missing or older than its pom.xml: build the modules this test checks in"
                + " the same run (./mvnw -pl architecture-tests -am verify, or the whole build)");
      }
      return parse(module, Files.readString(list));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The artifacts not in {@code allowed} (group:artifact to why it is allowed). */
  Set<String> beyond(Map<String, String> allowed) {
    Set<String> extra = new TreeSet<>(artifacts);
    extra.removeAll(allowed.keySet());
    return extra;
  }
}
