package io.pipelinemedic.classifier.rules;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import io.pipelinemedic.artifacts.DbtLog;
import io.pipelinemedic.artifacts.NodeResult;
import io.pipelinemedic.artifacts.ResultsReader;
import io.pipelinemedic.dbt.DbtCommand;
import io.pipelinemedic.dbt.DbtResult;
import io.pipelinemedic.dbt.DbtRunner;
import io.pipelinemedic.schemas.model.Failure;
import io.pipelinemedic.testsupport.PostgresServer;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The PostgreSQL signatures of the transient catalogue against what real dbt-postgres reports from
 * a real server: a lock another session holds past the model's lock timeout, a statement cancelled
 * at its timeout, a server that refuses the connection.
 */
class PostgresTransientSignaturesIT {

  private static final Path ROOT = Path.of(System.getProperty("medic.root", ".."));
  private static final String DATABASE = "transient_signatures";

  private static Path project;

  @BeforeAll
  static void aProjectOnPostgres() throws Exception {
    try (Connection admin =
            DriverManager.getConnection(PostgresServer.jdbcUrl(), PostgresServer.USER, "");
        Statement sql = admin.createStatement()) {
      sql.execute("create database " + DATABASE);
    }
    try (Connection admin = DriverManager.getConnection(url(), PostgresServer.USER, "");
        Statement sql = admin.createStatement()) {
      sql.execute("create schema raw");
      sql.execute("create table raw.busy (id int)");
    }
    project =
        Files.createDirectories(
            Files.createTempDirectory(Files.createDirectories(Path.of("target")), "transient")
                .resolve("project"));
    Files.writeString(
        project.resolve("dbt_project.yml"),
        "name: signatures\nversion: '1.0.0'\nprofile: signatures\n");
    Path models = Files.createDirectories(project.resolve("models"));
    Files.writeString(
        models.resolve("waits_for_lock.sql"),
        "{{ config(materialized='table', pre_hook=\"set lock_timeout = '300ms'\") }}\n"
            + "select * from raw.busy\n");
    Files.writeString(
        models.resolve("too_slow.sql"),
        "{{ config(materialized='table', pre_hook=\"set statement_timeout = '300ms'\") }}\n"
            + "select pg_sleep(5) is null as slept\n");
    int closed;
    try (ServerSocket free = new ServerSocket(0)) {
      closed = free.getLocalPort();
    }
    Files.writeString(
        project.resolve("profiles.yml"),
        "signatures:\n  target: prod\n  outputs:\n"
            + target("prod", PostgresServer.port())
            + target("refused", closed));
  }

  @Test
  void aLockHeldPastTheLockTimeoutIsALockConflict() throws Exception {
    try (Connection other = DriverManager.getConnection(url(), PostgresServer.USER, "");
        Statement sql = other.createStatement()) {
      other.setAutoCommit(false);
      sql.execute("lock table raw.busy in access exclusive mode");
      assertThat(signatureOfTheModel("waits_for_lock")).isEqualTo("transient.postgres.lock");
      other.rollback();
    }
  }

  @Test
  void aStatementCancelledAtItsTimeoutIsATimeout() throws Exception {
    assertThat(signatureOfTheModel("too_slow")).isEqualTo("transient.postgres.timeout");
  }

  @Test
  void aServerThatRefusesTheConnectionIsALostConnection() throws Exception {
    Path logs = project.resolveSibling("refused-logs");
    DbtResult run =
        dbt()
            .run(
                DbtCommand.of("run")
                    .projectDir(project)
                    .profilesDir(project)
                    .target("refused")
                    .targetPath(project.resolveSibling("refused-target"))
                    .logPath(logs)
                    .build(),
                project);
    assertThat(run.succeeded()).isFalse();
    List<Failure> failures = DbtLog.extraction(logs.resolve("dbt.log"), "signatures").failures();
    assertThat(failures).isNotEmpty();
    Failure refused = failures.get(0);
    assertThat(TransientCatalogue.match(refused.status(), refused.message()))
        .as(refused.message())
        .map(TransientCatalogue.Signature::id)
        .contains("transient.postgres.connection");
  }

  /** Runs {@code model} on the server; the id of the signature its error message matches. */
  private static String signatureOfTheModel(String model) throws Exception {
    Path target = project.resolveSibling(model + "-target");
    DbtResult run =
        dbt()
            .run(
                DbtCommand.of("run")
                    .projectDir(project)
                    .profilesDir(project)
                    .select(model)
                    .targetPath(target)
                    .logPath(project.resolveSibling(model + "-logs"))
                    .build(),
                project);
    assertThat(run.succeeded()).as(run.describe()).isFalse();
    NodeResult result =
        new ResultsReader(new JsonFactory())
            .read(target.resolve("run_results.json"), "run-results")
            .get(0);
    return TransientCatalogue.match(result.status(), result.message())
        .map(TransientCatalogue.Signature::id)
        .orElse("no signature: " + result.message());
  }

  private static DbtRunner dbt() {
    return new DbtRunner(DbtRunner.projectExecutable(ROOT), Duration.ofMinutes(2), Map.of());
  }

  private static String target(String name, int port) {
    return "    "
        + name
        + ":\n      type: postgres\n      host: 127.0.0.1\n      port: "
        + port
        + "\n      user: postgres\n      password: ''\n      dbname: "
        + DATABASE
        + "\n      schema: analytics\n      threads: 1\n      connect_timeout: 5\n";
  }

  private static String url() {
    return "jdbc:postgresql://127.0.0.1:" + PostgresServer.port() + "/" + DATABASE;
  }
}
