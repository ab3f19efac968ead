package dev.metacircular.apps.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which service a configuration file is for, told from its tables, for commands given files of
 * either service ({@code mc shell --offline --config ...}).
 */
public final class ConfigKind {
  private ConfigKind() {}

  /**
   * The top-level tables and keys of a TOML file ({@code agent}, {@code server}, {@code seal}...).
   */
  public static Set<String> tables(Path file) {
    JsonNode tree;
    try {
      tree = new TomlMapper().readTree(Files.readString(file, StandardCharsets.UTF_8));
    } catch (NoSuchFileException e) {
      throw new ConfigException("config: " + file + ": no such file");
    } catch (IOException e) {
      throw new ConfigException("config: " + file + " is not valid TOML");
    }
    Set<String> names = new TreeSet<>();
    tree.fieldNames().forEachRemaining(names::add);
    return names;
  }

  /**
   * An identity config has [master_key] or [tokens]; a crypto service config has [mcias] or [seal].
   */
  public static boolean isIdentity(Path file) {
    JsonNode tree;
    try {
      tree = new TomlMapper().readTree(Files.readString(file, StandardCharsets.UTF_8));
    } catch (NoSuchFileException e) {
      throw new ConfigException("config: " + file + ": no such file");
    } catch (IOException e) {
      throw new ConfigException("config: " + file + " is not valid TOML");
    }
    if (tree.has("master_key") || tree.has("tokens")) {
      return true;
    }
    if (tree.has("mcias") || tree.has("seal")) {
      return false;
    }
    throw new ConfigException(
        "config: "
            + file
            + " is neither an identity ([master_key], [tokens]) nor a crypto service ([mcias])"
            + " configuration");
  }
}
