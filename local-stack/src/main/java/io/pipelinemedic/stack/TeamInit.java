package io.pipelinemedic.stack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * {@code ./medic init}: writes a team's {@code medic.properties} from its dbt project, with
 * comments: the repository (the project's {@code origin} remote, else the project's own git
 * folder), the production warehouse (the DuckDB path of the profile's production target), and the
 * KB (a {@code kb/} folder in the project's repository). What it cannot find is left commented out
 * for the team to fill in; {@code ./medic doctor} then checks the file.
 */
final class TeamInit {

  private TeamInit() {}

  /**
   * The file's text for the dbt project in {@code project}.
   *
   * @param target the profile's production target, or {@code null} for the profile's own default
   * @throws IOException when the folder holds no readable {@code dbt_project.yml}
   */
  static String write(Path project, String target) throws IOException {
    Path root = project.toAbsolutePath().normalize();
    Map<?, ?> dbtProject = yaml(root.resolve("dbt_project.yml"));
    if (dbtProject == null) {
      throw new IOException(root + " holds no dbt_project.yml");
    }
    List<String> lines = new ArrayList<>();
    lines.add("# Pipeline Medic for the dbt project " + dbtProject.get("name") + " (" + root + ")");
    lines.add("# written by ./medic init; check it with ./medic doctor --config <this file>");
    lines.add("");
    lines.add("# The dbt project's repository: fixes are branches pushed here");
    String remote = remote(root);
    lines.add(
        (remote == null ? "# no git repository found: " : "")
            + "medic.runner.git-remote="
            + (remote == null ? "<the project's git URL>" : remote));
    lines.add("");
    lines.add("# The production warehouse: diagnostics read it, fixes are verified on a copy");
    String duckdb = duckdbPath(root, dbtProject, target);
    if (duckdb != null) {
      lines.add("medic.classifier.warehouse.kind=duckdb");
      lines.add("medic.classifier.warehouse.duckdb.path=" + duckdb);
      lines.add("medic.runner.production-duckdb=" + duckdb);
    } else {
      lines.add("# no DuckDB production target found in the project's profile: set the warehouse");
      lines.add("# medic.classifier.warehouse.kind=duckdb");
      lines.add("# medic.classifier.warehouse.duckdb.path=<production file>");
      lines.add("# medic.runner.production-duckdb=<production file>");
    }
    lines.add("");
    lines.add("# The knowledge base: markdown entries in git, or a Notion database");
    if (remote != null && Files.isDirectory(root.resolve("kb"))) {
      lines.add("medic.kb.git.uri=" + remote);
      lines.add("medic.kb.git.path=kb");
    } else {
      lines.add("# medic.kb.git.uri=<repository>  medic.kb.git.path=kb");
      lines.add("# medic.kb.notion.database-id=<id>  (its token in MEDIC_KB_NOTION_TOKEN)");
    }
    lines.add("");
    lines.add("# The coding agent for AGENT groups (claude-code or codex; none by default)");
    lines.add("# medic.runner.agent.kind=claude-code");
    lines.add("");
    lines.add("# Where outcomes go (tokens are better kept in the environment)");
    lines.add("# medic.publisher.github.repository=<owner/name>");
    lines.add("# medic.publisher.slack.channel=#data-incidents");
    lines.add("# medic.publisher.jira.url=https://<site>.atlassian.net");
    return String.join("\n", lines) + "\n";
  }

  /**
   * The {@code origin} URL of the repository that holds the project (the project's folder or one
   * above it), else that repository's own folder, else {@code null}.
   */
  private static String remote(Path root) {
    FileRepositoryBuilder builder = new FileRepositoryBuilder().findGitDir(root.toFile());
    if (builder.getGitDir() == null) {
      return null;
    }
    try (Repository repository = builder.build()) {
      StoredConfig stored = repository.getConfig();
      String origin = stored.getString("remote", "origin", "url");
      return origin != null ? origin : repository.getWorkTree().toString();
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /**
   * The DuckDB file of the profile's production target: {@code profiles.yml} in the project, else
   * in {@code ~/.dbt}; a relative path is the project's.
   */
  private static String duckdbPath(Path root, Map<?, ?> dbtProject, String target)
      throws IOException {
    Object profileName = dbtProject.get("profile");
    for (Path profiles :
        List.of(
            root.resolve("profiles.yml"),
            Path.of(System.getProperty("user.home"), ".dbt", "profiles.yml"))) {
      Map<?, ?> all = yaml(profiles);
      if (all == null || !(all.get(String.valueOf(profileName)) instanceof Map<?, ?> profile)) {
        continue;
      }
      String chosen = target != null ? target : String.valueOf(profile.get("target"));
      if (profile.get("outputs") instanceof Map<?, ?> outputs
          && outputs.get(chosen) instanceof Map<?, ?> output
          && "duckdb".equals(output.get("type"))
          && output.get("path") instanceof String path
          && !path.contains("{{")) {
        return root.resolve(path).normalize().toString();
      }
    }
    return null;
  }

  private static Map<?, ?> yaml(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      return null;
    }
    try {
      Object loaded =
          new Yaml(new LoaderOptions()).load(Files.readString(file, StandardCharsets.UTF_8));
      return loaded instanceof Map<?, ?> map ? map : null;
    } catch (YAMLException e) {
      throw new IOException(file + " is not valid YAML: " + e.getMessage(), e);
    }
  }
}
