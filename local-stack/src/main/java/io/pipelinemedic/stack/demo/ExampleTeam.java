package io.pipelinemedic.stack.demo;

import io.pipelinemedic.dbt.scenario.PostgresScenarioWarehouse;
import io.pipelinemedic.dbt.scenario.ScenarioRun;
import io.pipelinemedic.dbt.scenario.ScenarioWarehouse;
import io.pipelinemedic.stack.StackConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.RefSpec;

/**
 * The example team as the local stack sees it: its dbt repository (a bare git remote, where fix
 * branches are pushed) and its production warehouse. A played night becomes the team's: the commit
 * that ran is pushed to the remote and the night's DuckDB files are put in production's place (on
 * PostgreSQL the night was played in production's database itself).
 *
 * @param home the team's folder: {@code shop.git} and {@code warehouse/}
 */
public record ExampleTeam(Path home) {

  /** The role the team's nightly job builds production as, on PostgreSQL. */
  public static final String PRODUCTION_ROLE = "shop_prod";

  /**
   * Where the team's nights are played: DuckDB files, or, when the team's configuration gives the
   * runner a PostgreSQL warehouse, the database and sandbox role it names, made afresh each night
   * by {@code admin}. Only ever a database of the stack's own server, and never the stack's own
   * database: a night drops the database it plays in.
   *
   * @throws IllegalArgumentException when the configuration names another server, the stack's
   *     database, or no database or role
   */
  public static ScenarioWarehouse warehouse(StackConfig config, String admin) {
    Map<String, String> runner = config.service("agent-runner-service").environment();
    if (!"postgres".equals(runner.get("MEDIC_RUNNER_WAREHOUSE"))) {
      return ScenarioWarehouse.duckDb();
    }
    String host = runner.getOrDefault("MEDIC_RUNNER_POSTGRES_HOST", "");
    String port = runner.getOrDefault("MEDIC_RUNNER_POSTGRES_PORT", "5432");
    String database = runner.get("MEDIC_RUNNER_POSTGRES_DATABASE");
    String role = runner.get("MEDIC_RUNNER_POSTGRES_USER");
    if (!List.of("127.0.0.1", "localhost").contains(host)
        || !port.equals(String.valueOf(config.postgresPort()))
        || database == null
        || role == null
        || database.equals(StackConfig.DATABASE)) {
      throw new IllegalArgumentException(
          "the example team's nights are played only in a database of the stack's own"
              + " PostgreSQL (127.0.0.1:"
              + config.postgresPort()
              + ", not "
              + StackConfig.DATABASE
              + "), which each night drops and makes again; this configuration names "
              + database
              + " on "
              + host
              + ":"
              + port);
    }
    return new PostgresScenarioWarehouse(
        host,
        config.postgresPort(),
        admin,
        database,
        PRODUCTION_ROLE,
        role,
        config.root().resolve(PostgresScenarioWarehouse.GRANTS));
  }

  /** The bare repository standing in for the team's GitHub repository. */
  public Path remote() {
    return home.resolve("shop.git");
  }

  /** Makes {@code night} the team's: its commit on the remote, its warehouse in production. */
  public void take(String name, ScenarioRun night) throws IOException {
    try {
      if (!Files.exists(remote().resolve("HEAD"))) {
        Git.init()
            .setBare(true)
            .setDirectory(remote().toFile())
            .setInitialBranch("main")
            .call()
            .close();
      }
      try (Git project = Git.open(night.project().toFile())) {
        project
            .push()
            .setRemote(remote().toUri().toString())
            .setRefSpecs(
                new RefSpec("+HEAD:refs/heads/main"),
                new RefSpec("+HEAD:refs/heads/nights/" + name))
            .call();
      }
    } catch (GitAPIException e) {
      throw new IOException("cannot push the night's commit to " + remote() + ": " + e, e);
    }
    if (night.warehouse() == null) {
      return;
    }
    Path warehouse = Files.createDirectories(home.resolve("warehouse"));
    try (Stream<Path> databases = Files.list(night.warehouse().getParent())) {
      for (Path database : databases.filter(f -> f.toString().endsWith(".duckdb")).toList()) {
        // written in place, as the team's nightly dbt writes production: the same file
        try (InputStream built = Files.newInputStream(database);
            OutputStream production =
                Files.newOutputStream(warehouse.resolve(database.getFileName().toString()))) {
          built.transferTo(production);
        }
      }
    }
  }

  /** The fix branches on the remote, each with its commit: {@code medic/... abc1234}. */
  public List<String> fixBranches() throws IOException {
    List<String> branches = new ArrayList<>();
    if (!Files.exists(remote().resolve("HEAD"))) {
      return branches;
    }
    try (Repository repository = new FileRepositoryBuilder().setGitDir(remote().toFile()).build()) {
      for (Ref ref : repository.getRefDatabase().getRefsByPrefix(Constants.R_HEADS + "medic/")) {
        branches.add(
            Repository.shortenRefName(ref.getName())
                + " "
                + ref.getObjectId().abbreviate(7).name());
      }
    }
    return branches;
  }
}
