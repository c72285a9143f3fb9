package io.pipelinemedic.runner.fix;

import io.pipelinemedic.schemas.model.Recipe;
import io.pipelinemedic.schemas.model.RootCauseGroup;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * What a fix's verification builds: the root cause and everything downstream of it (the whole
 * project when the root cause is the run itself); for a recipe that appends to a list variable,
 * also every model that reads the variable and everything downstream of those, since the change
 * reaches them all wherever they are in the DAG. The models are found by {@code var('<name>')} in
 * their SQL, under the project's {@code model-paths}.
 */
final class VerifiedSelection {

  private static final Pattern MODEL_NAME = Pattern.compile("[A-Za-z0-9_]+");
  private static final long MAX_MODEL_BYTES = 1024 * 1024;

  private VerifiedSelection() {}

  /** The selectors for {@code group} in the sandbox's {@code project}. */
  static List<String> of(Path project, RootCauseGroup group) throws IOException {
    Set<String> selectors = new LinkedHashSet<>(Verifier.selection(group.rootCauseNode()));
    if (selectors.isEmpty()) {
      return List.of();
    }
    if (group.recipe() instanceof Recipe.AppendToListVar append && append.variable() != null) {
      Pattern use = Pattern.compile("var\\(\\s*['\"]" + Pattern.quote(append.variable()) + "['\"]");
      for (Path folder : modelPaths(project)) {
        try (Stream<Path> files = Files.walk(folder)) {
          for (Path file : files.filter(VerifiedSelection::readableModel).sorted().toList()) {
            String name = file.getFileName().toString().replaceFirst("\\.sql$", "");
            if (MODEL_NAME.matcher(name).matches()
                && use.matcher(Files.readString(file, StandardCharsets.UTF_8)).find()) {
              selectors.add(name + "+");
            }
          }
        }
      }
    }
    return List.copyOf(selectors);
  }

  private static boolean readableModel(Path file) {
    try {
      return file.toString().endsWith(".sql")
          && Files.isRegularFile(file)
          && !Files.isSymbolicLink(file)
          && Files.size(file) <= MAX_MODEL_BYTES;
    } catch (IOException e) {
      return false;
    }
  }

  /** The project's model folders that lie inside it ({@code models} unless it says). */
  private static List<Path> modelPaths(Path project) throws IOException {
    List<String> declared = List.of("models");
    try {
      Object yaml =
          new Yaml(new LoaderOptions())
              .load(Files.readString(project.resolve("dbt_project.yml"), StandardCharsets.UTF_8));
      if (yaml instanceof Map<?, ?> map && map.get("model-paths") instanceof List<?> paths) {
        declared = paths.stream().map(String::valueOf).toList();
      }
    } catch (YAMLException e) {
      throw new IOException("dbt_project.yml is not valid YAML: " + e.getMessage(), e);
    }
    Path root = project.toRealPath();
    List<Path> folders = new ArrayList<>();
    for (String path : declared) {
      Path folder = root.resolve(path).normalize();
      if (folder.startsWith(root)
          && Files.isDirectory(folder)
          && folder.toRealPath().startsWith(root)) {
        folders.add(folder);
      }
    }
    return folders;
  }
}
