package io.pipelinemedic.dbt;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * The dbt packages a project declares ({@code packages.yml}, {@code dependencies.yml}), read as
 * untrusted input before {@code dbt deps} installs them: a {@code local:} package must lie inside
 * the project (its own packages too), a {@code git:} or {@code tarball:} package must be a network
 * URL (never a folder of the host), and no entry may be Jinja, which dbt would render first.
 */
public final class Packages {

  private static final List<String> FILES = List.of("packages.yml", "dependencies.yml");
  private static final Pattern REMOTE = Pattern.compile("(https|ssh)://\\S+|git@[\\w.-]+:\\S+");
  private static final int MAX_DEPTH = 5;

  private Packages() {}

  /**
   * The file that declares the project's packages, when it declares any; {@link IOException} when a
   * file cannot be read or an entry is refused.
   */
  public static Optional<Path> declared(Path project) throws IOException {
    Path root = project.toRealPath();
    return check(root, root, 0);
  }

  private static Optional<Path> check(Path root, Path project, int depth) throws IOException {
    Optional<Path> declaring = Optional.empty();
    for (String name : FILES) {
      Path file = project.resolve(name);
      if (!Files.isRegularFile(file)) {
        continue;
      }
      List<?> packages = packages(file);
      for (Object entry : packages) {
        checkEntry(root, project, file, entry, depth);
      }
      if (!packages.isEmpty() && declaring.isEmpty()) {
        declaring = Optional.of(file);
      }
    }
    return declaring;
  }

  private static List<?> packages(Path file) throws IOException {
    Object yaml;
    try {
      yaml = new Yaml(new LoaderOptions()).load(Files.readString(file, StandardCharsets.UTF_8));
    } catch (YAMLException e) {
      throw new IOException(file.getFileName() + " is not valid YAML: " + e.getMessage(), e);
    }
    Object packages = yaml instanceof Map<?, ?> map ? map.get("packages") : null;
    return packages instanceof List<?> list ? list : List.of();
  }

  private static void checkEntry(Path root, Path project, Path file, Object entry, int depth)
      throws IOException {
    if (!(entry instanceof Map<?, ?> map)) {
      return;
    }
    for (Object value : map.values()) {
      if (String.valueOf(value).contains("{{") || String.valueOf(value).contains("{%")) {
        throw refused(file, entry, "Jinja in a package entry");
      }
    }
    for (String remote : List.of("git", "tarball")) {
      if (map.containsKey(remote)
          && !REMOTE.matcher(String.valueOf(map.get(remote)).strip()).matches()) {
        throw refused(file, entry, "a " + remote + " package must be an https or ssh URL");
      }
    }
    if (map.containsKey("local")) {
      Object local = map.get("local");
      Path resolved = local instanceof String path ? project.resolve(path).normalize() : null;
      if (resolved == null
          || !resolved.startsWith(root)
          || Files.exists(resolved) && !resolved.toRealPath().startsWith(root)) {
        throw refused(file, entry, "the local package " + local + " is not inside the project");
      }
      if (Files.isDirectory(resolved) && depth < MAX_DEPTH) {
        check(root, resolved.toRealPath(), depth + 1);
      }
    }
  }

  private static IOException refused(Path file, Object entry, String why) {
    return new IOException(file.getFileName() + ": " + why + " (" + entry + ")");
  }
}
