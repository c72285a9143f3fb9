package io.pipelinemedic.runner.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * The dbt packages a project declares ({@code packages.yml} or {@code dependencies.yml}), read as
 * untrusted input: a {@code local:} package must lie inside the project, so that installing it
 * never links the sandbox to another folder of the host.
 */
public final class Packages {

  private static final List<String> FILES = List.of("packages.yml", "dependencies.yml");

  private Packages() {}

  /**
   * The file that declares the project's packages, when it declares any; {@link IOException} when
   * it cannot be read or a local package lies outside the project.
   */
  public static Optional<Path> declared(Path project) throws IOException {
    for (String name : FILES) {
      Path file = project.resolve(name);
      if (Files.isRegularFile(file) && !packages(file).isEmpty()) {
        for (Object entry : packages(file)) {
          checkLocal(project, file, entry);
        }
        return Optional.of(file);
      }
    }
    return Optional.empty();
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

  private static void checkLocal(Path project, Path file, Object entry) throws IOException {
    if (!(entry instanceof Map<?, ?> map) || !map.containsKey("local")) {
      return;
    }
    Object local = map.get("local");
    Path root = project.toRealPath();
    Path resolved = local instanceof String path ? root.resolve(path).normalize() : null;
    if (resolved == null
        || !resolved.startsWith(root)
        || Files.exists(resolved) && !resolved.toRealPath().startsWith(root)) {
      throw new IOException(
          file.getFileName() + ": the local package " + local + " is not inside the project");
    }
  }
}
