package io.pipelinemedic.stack;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pipelinemedic.artifacts.Manifest;
import io.pipelinemedic.artifacts.ManifestNode;
import io.pipelinemedic.artifacts.ManifestReader;
import io.pipelinemedic.dbt.DbtCommand;
import io.pipelinemedic.dbt.DbtResult;
import io.pipelinemedic.dbt.DbtRunner;
import io.pipelinemedic.dbt.DevProfile;
import io.pipelinemedic.dbt.Folders;
import io.pipelinemedic.dbt.Packages;
import io.pipelinemedic.dbt.ReadOnlyDuckDb;
import io.pipelinemedic.schemas.model.Relation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.transport.CredentialsProvider;

/**
 * The doctor's checks of the dbt project itself, on a clone of its repository at the head: {@code
 * dbt parse} passes with the runner's dbt (after {@code dbt deps} when it declares packages), and
 * every source the manifest declares is a relation of the production warehouse (opened read-only,
 * no file or network access beyond it). The manifest is kept for the KB's checks.
 */
final class ProjectChecks implements AutoCloseable {

  private static final int SHOWN = 5;

  /** The variable the PostgreSQL profile reads its password from; parsing never uses it. */
  private static final String PASSWORD = "DBT_ENV_SECRET_MEDIC_DEV_PASSWORD";

  private final Path work;
  private Manifest manifest;

  ProjectChecks() throws IOException {
    this.work = Files.createTempDirectory("medic-doctor-");
  }

  /** The scratch folder, removed by {@link #close()}. */
  Path work() {
    return work;
  }

  /** The manifest {@code dbt parse} wrote, once {@link #parse} passed. */
  Manifest manifest() {
    return manifest;
  }

  /**
   * Clones {@code remote} at its head and parses the project with {@code dbt}, on a profile like
   * the runner's ({@code runner}'s settings): a DuckDB file named as the production one, so
   * relations resolve to the same catalog, or the PostgreSQL sandbox role's (parsing connects to
   * nothing).
   */
  Doctor.Check parse(
      String remote, CredentialsProvider credentials, Map<String, String> runner, Duration timeout)
      throws InterruptedException {
    String dbt = runner.get("MEDIC_RUNNER_DBT");
    String name = "dbt parse";
    if (remote == null || dbt == null || !Files.isExecutable(Path.of(dbt))) {
      return new Doctor.Check(name, false, "not tried: needs the repository and the dbt runtime");
    }
    Path project = work.resolve("project");
    try (Git git =
        Git.cloneRepository()
            .setURI(remote)
            .setCredentialsProvider(credentials)
            .setDirectory(project.toFile())
            .call()) {
      Path profiles = Files.createDirectories(work.resolve("profiles"));
      Files.writeString(
          profiles.resolve("profiles.yml"),
          profile(DevProfile.profileName(project), runner),
          StandardCharsets.UTF_8);
      DbtRunner dbtRunner = new DbtRunner(Path.of(dbt), timeout, Map.of());
      if (Packages.declared(project).isPresent()) {
        DbtResult deps =
            dbtRunner.run(on(DbtCommand.of("deps"), project, profiles).build(), project);
        if (!deps.succeeded()) {
          return new Doctor.Check(name, false, deps.lastError());
        }
      }
      Path target = work.resolve("target");
      DbtResult parse =
          dbtRunner.run(
              on(DbtCommand.of("parse"), project, profiles).targetPath(target).build(), project);
      if (!parse.succeeded()) {
        return new Doctor.Check(name, false, "the project does not parse: " + parse.lastError());
      }
      manifest =
          new ManifestReader(new ObjectMapper())
              .read(target.resolve("manifest.json"), id -> id.startsWith("test."));
      return new Doctor.Check(
          name,
          true,
          counted(count("model"), "model")
              + ", "
              + counted(count("test"), "test")
              + ", "
              + counted(count("source"), "source"));
    } catch (GitAPIException | IOException e) {
      return new Doctor.Check(
          name, false, "cannot parse the project at its head: " + e.getMessage());
    }
  }

  /** The doctor's dev-only profile for the runner's warehouse. */
  private String profile(String name, Map<String, String> runner) throws IOException {
    if ("postgres".equals(runner.get("MEDIC_RUNNER_WAREHOUSE"))) {
      return DevProfile.postgres(
          name,
          "doctor",
          runner.getOrDefault("MEDIC_RUNNER_POSTGRES_HOST", "localhost"),
          Integer.parseInt(runner.getOrDefault("MEDIC_RUNNER_POSTGRES_PORT", "5432")),
          runner.getOrDefault("MEDIC_RUNNER_POSTGRES_DATABASE", "postgres"),
          runner.getOrDefault("MEDIC_RUNNER_POSTGRES_USER", "postgres"),
          PASSWORD,
          "medic_doctor");
    }
    if ("bigquery".equals(runner.get("MEDIC_RUNNER_WAREHOUSE"))) {
      String keyfile = runner.get("MEDIC_RUNNER_BIGQUERY_KEYFILE");
      return DevProfile.bigquery(
          name,
          "doctor",
          runner.getOrDefault("MEDIC_RUNNER_BIGQUERY_PROJECT", "unset"),
          "medic_doctor",
          runner.get("MEDIC_RUNNER_BIGQUERY_LOCATION"),
          keyfile == null ? null : Path.of(keyfile),
          1);
    }
    String production = runner.get("MEDIC_RUNNER_PRODUCTION_DUCKDB");
    return DevProfile.duckdb(
        name,
        "doctor",
        Files.createDirectories(work.resolve("data"))
            .resolve(Path.of(production == null ? "dev.duckdb" : production).getFileName()),
        Map.of());
  }

  /** Whether every source of the manifest is a table or view of the production warehouse. */
  Doctor.Check sources(String production, Map<String, String> attachments) {
    String name = "sources in the warehouse";
    if (manifest == null || production == null) {
      return new Doctor.Check(name, false, "not tried: needs the parsed project and its warehouse");
    }
    List<ManifestNode> sources =
        manifest.nodes().values().stream()
            .filter(node -> "source".equals(node.resourceType()) && node.relation() != null)
            .toList();
    try (Connection duckdb = ReadOnlyDuckDb.open(Path.of(production), paths(attachments))) {
      Set<String> relations = relations(duckdb);
      List<String> missing =
          sources.stream()
              .filter(source -> !exists(relations, source.relation()))
              .map(ProjectChecks::display)
              .sorted()
              .toList();
      if (missing.isEmpty()) {
        return new Doctor.Check(name, true, counted(sources.size(), "source") + ", each found");
      }
      return new Doctor.Check(
          name,
          false,
          missing.size()
              + " of "
              + sources.size()
              + " sources are not in "
              + production
              + ": "
              + shown(missing)
              + " (load them, or fix the source's database, schema or identifier)");
    } catch (SQLException e) {
      return new Doctor.Check(name, false, production + " cannot be opened: " + e.getMessage());
    }
  }

  /** Every table and view, as {@code catalog.schema.name} and {@code schema.name}, lower case. */
  private static Set<String> relations(Connection duckdb) throws SQLException {
    Set<String> relations = new HashSet<>();
    try (Statement statement = duckdb.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT table_catalog, table_schema, table_name FROM information_schema.tables")) {
      while (rows.next()) {
        String relation = (rows.getString(2) + "." + rows.getString(3)).toLowerCase(Locale.ROOT);
        relations.add(relation);
        relations.add(rows.getString(1).toLowerCase(Locale.ROOT) + "." + relation);
      }
    }
    return relations;
  }

  private static boolean exists(Set<String> relations, Relation relation) {
    return relations.contains(relation.joined(name -> name.toLowerCase(Locale.ROOT)));
  }

  private static String display(ManifestNode source) {
    return source.relation().joined(name -> name);
  }

  private static Map<String, Path> paths(Map<String, String> attachments) {
    Map<String, Path> paths = new TreeMap<>();
    attachments.forEach((alias, path) -> paths.put(alias, Path.of(path)));
    return paths;
  }

  /** {@code 1 model}, {@code 3 models}. */
  static String counted(long count, String noun) {
    return count + " " + noun + (count == 1 ? "" : "s");
  }

  /** The first few of {@code items}, and how many more. */
  static String shown(List<String> items) {
    String first = String.join(", ", items.subList(0, Math.min(SHOWN, items.size())));
    return items.size() > SHOWN ? first + " and " + (items.size() - SHOWN) + " more" : first;
  }

  private long count(String type) {
    return manifest.nodes().values().stream().filter(n -> type.equals(n.resourceType())).count();
  }

  private static DbtCommand.Builder on(DbtCommand.Builder command, Path project, Path profiles) {
    return command.projectDir(project).profilesDir(profiles).target("doctor");
  }

  @Override
  public void close() throws IOException {
    Folders.delete(work);
  }
}
