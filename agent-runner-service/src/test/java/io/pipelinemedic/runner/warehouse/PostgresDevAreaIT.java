package io.pipelinemedic.runner.warehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pipelinemedic.artifacts.NodeResult;
import io.pipelinemedic.dbt.DbtCommand;
import io.pipelinemedic.dbt.DbtResult;
import io.pipelinemedic.dbt.DbtRunner;
import io.pipelinemedic.runner.PlayedScenario;
import io.pipelinemedic.runner.sandbox.DevDbt;
import io.pipelinemedic.runner.sandbox.GitRemote;
import io.pipelinemedic.runner.sandbox.Sandbox;
import io.pipelinemedic.testsupport.PostgresServer;
import io.pipelinemedic.testsupport.TableChecksums;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A team on a real PostgreSQL: production built by its own role with real dbt-postgres, the sandbox
 * role granted by {@code tools/warehouse/postgres-sandbox-role.sql} exactly as an operator runs it,
 * and a group's dev schema built with {@code --defer} against the failed run's manifest.
 */
class PostgresDevAreaIT {

  private static final Path FIXTURE = Path.of("src/test/resources/postgres-team");
  private static final Path GRANTS =
      PlayedScenario.ROOT.resolve("tools/warehouse/postgres-sandbox-role.sql");
  private static final String WAREHOUSE = "orders_warehouse";
  private static final String SANDBOX_ROLE = "medic_sandbox";
  private static final String PASSWORD = "s3cret-of-the-sandbox";
  private static final String PRODUCTION_SCHEMAS = "raw,analytics_staging,analytics_marts";

  private static Path work;
  private static Path project;
  private static String commit;
  private static Path failedManifest;

  @BeforeAll
  static void productionFailsOnANewStatus() throws Exception {
    work = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "postgres-team");
    project = work.resolve("project");
    copy(FIXTURE, project);
    try (Git git = Git.init().setDirectory(project.toFile()).setInitialBranch("main").call()) {
      git.add().addFilepattern(".").call();
      commit = git.commit().setMessage("the team's project").setSign(false).call().getName();
    }
    try (Connection admin = admin();
        Statement sql = admin.createStatement()) {
      sql.execute("create database " + WAREHOUSE);
    }
    try (Connection admin = DriverManager.getConnection(url(), PostgresServer.USER, "");
        Statement sql = admin.createStatement()) {
      sql.execute("create role dbt_prod login password 'prod'");
      sql.execute("grant create on database " + WAREHOUSE + " to dbt_prod");
      sql.execute("create schema raw authorization dbt_prod");
      sql.execute("set role dbt_prod");
      sql.execute("create table raw.customers (id int, name text)");
      sql.execute("insert into raw.customers values (1, 'Ada'), (2, 'Grace')");
      sql.execute("create table raw.orders (id int, customer_id int, status text, amount numeric)");
      sql.execute(
          "insert into raw.orders values (1, 1, 'placed', 10), (2, 2, 'Shipped', 20),"
              + " (3, 1, 'returned', 5)");
    }
    assertThat(production().succeeded()).as("the first production build").isTrue();
    try (Connection admin = DriverManager.getConnection(url(), PostgresServer.USER, "");
        Statement sql = admin.createStatement()) {
      sql.execute("set medic.sandbox_role = '" + SANDBOX_ROLE + "'");
      sql.execute("set medic.production_owner = 'dbt_prod'");
      sql.execute("set medic.production_schemas = '" + PRODUCTION_SCHEMAS + "'");
      sql.execute(Files.readString(GRANTS, StandardCharsets.UTF_8));
      sql.execute("alter role " + SANDBOX_ROLE + " password '" + PASSWORD + "'");
      sql.execute("set role dbt_prod");
      sql.execute("insert into raw.orders values (4, 2, 'on_hold', 7)");
    }
    DbtResult failed = production();
    assertThat(failed.succeeded()).as("the nightly build fails on on_hold").isFalse();
    failedManifest = work.resolve("prod-target/manifest.json");
  }

  @Test
  void theSandboxRoleCannotWriteProduction() throws SQLException {
    try (Connection sandbox = DriverManager.getConnection(url(), SANDBOX_ROLE, PASSWORD);
        Statement sql = sandbox.createStatement()) {
      try (ResultSet read = sql.executeQuery("select count(*) from analytics_marts.fct_orders")) {
        assertThat(read.next()).isTrue();
      }
      for (String write :
          List.of(
              "insert into raw.orders values (9, 1, 'placed', 1)",
              "update raw.orders set amount = 0",
              "delete from analytics_marts.fct_orders",
              "truncate raw.customers",
              "drop table analytics_marts.fct_orders",
              "alter table raw.orders add column x int",
              "create table raw.planted (x int)",
              "create view analytics_staging.planted as select 1 as x")) {
        assertThatThrownBy(() -> sql.execute(write))
            .as(write)
            .isInstanceOfSatisfying(
                SQLException.class, e -> assertThat(e.getSQLState()).isIn("42501"));
      }
    }
  }

  @Test
  void aDevSchemaReproducesTheFailureProvesTheFixAndLeavesProductionAsItWas() throws Exception {
    Map<String, String> before = checksums();
    PostgresDevAreas areas =
        new PostgresDevAreas("127.0.0.1", PostgresServer.port(), WAREHOUSE, SANDBOX_ROLE, PASSWORD);
    Sandbox sandbox =
        Sandbox.create(
            work.resolve("sandbox"),
            new GitRemote(project.toUri().toString(), null),
            commit,
            "medic/inc-1-g1",
            areas,
            Optional.of(failedManifest));
    DevDbt dbt =
        new DevDbt(
            new DbtRunner(PlayedScenario.dbt(), Duration.ofMinutes(5), Map.of()),
            PlayedScenario.confinement(),
            false);
    String schema = ((SchemaDevArea) sandbox.area()).schema();
    assertThat(sandbox.writtenProfile())
        .doesNotContain(PASSWORD)
        .contains("DBT_ENV_SECRET_MEDIC_DEV_PASSWORD");

    DevDbt.Build reproduced = dbt.build(sandbox, List.of("stg_orders+"));
    assertThat(failing(reproduced)).anyMatch(id -> id.contains("accepted_values_stg_orders"));
    assertThat(sandbox.rows("select status from " + schema + "_staging.stg_orders", 10))
        .extracting(row -> row.get("status"))
        .contains("on_hold");
    assertThatThrownBy(() -> sandbox.rows("insert into raw.orders values (8, 1, 'x', 1)", 1))
        .hasMessageContaining("read-only");

    Path yml = sandbox.project().resolve("models/staging/_models.yml");
    Files.writeString(
        yml,
        Files.readString(yml)
            .replace("[placed, shipped, returned]", "[placed, shipped, returned, on_hold]"));
    sandbox.area().reset();
    DevDbt.Build fixed = dbt.build(sandbox, List.of("stg_orders+"));
    assertThat(failing(fixed)).isEmpty();
    assertThat(fixed.nodes())
        .extracting(NodeResult::uniqueId)
        .contains("model.orders_team.fct_orders");
    // the parent it did not build (stg_customers) was read from production
    assertThat(
            Files.readString(
                sandbox.targetPath().resolve("run/orders_team/models/marts/fct_orders.sql")))
        .contains("\"analytics_staging\".\"stg_customers\"")
        .contains("\"" + schema + "_staging\".\"stg_orders\"");

    sandbox.delete();
    assertThat(devSchemas()).isEmpty();
    assertThat(checksums()).isEqualTo(before);
  }

  /** The nightly production build, as the team's own role; its artifacts in {@code prod-target}. */
  private static DbtResult production() throws Exception {
    Path profiles = Files.createDirectories(work.resolve("prod-profiles"));
    Files.writeString(
        profiles.resolve("profiles.yml"),
        "orders_team:\n  target: prod\n  outputs:\n    prod:\n      type: postgres\n"
            + "      host: 127.0.0.1\n      port: "
            + PostgresServer.port()
            + "\n      dbname: "
            + WAREHOUSE
            + "\n      user: dbt_prod\n      password: prod\n      schema: analytics\n"
            + "      threads: 2\n");
    return new DbtRunner(PlayedScenario.dbt(), Duration.ofMinutes(5), Map.of())
        .run(
            DbtCommand.of("build")
                .projectDir(project)
                .profilesDir(profiles)
                .targetPath(work.resolve("prod-target"))
                .logPath(work.resolve("prod-logs"))
                .build(),
            project);
  }

  /** Every production table's rows, hashed in order, by name. */
  private static Map<String, String> checksums() throws SQLException {
    Map<String, String> sums;
    try (Connection admin = DriverManager.getConnection(url(), PostgresServer.USER, "");
        Statement sql = admin.createStatement()) {
      List<String> tables = new ArrayList<>();
      try (ResultSet found =
          sql.executeQuery(
              "select table_schema || '.' || table_name from information_schema.tables"
                  + " where table_schema = any (string_to_array('"
                  + PRODUCTION_SCHEMAS
                  + "', ','))")) {
        while (found.next()) {
          tables.add(found.getString(1));
        }
      }
      sums = TableChecksums.of(sql, tables);
    }
    assertThat(sums).containsKeys("raw.orders", "analytics_marts.fct_orders");
    return sums;
  }

  private static List<String> devSchemas() throws SQLException {
    List<String> schemas = new ArrayList<>();
    try (Connection admin = DriverManager.getConnection(url(), PostgresServer.USER, "");
        ResultSet found =
            admin
                .createStatement()
                .executeQuery("select nspname from pg_namespace where nspname like 'medic%'")) {
      while (found.next()) {
        schemas.add(found.getString(1));
      }
    }
    return schemas;
  }

  private static List<String> failing(DevDbt.Build build) {
    return build.nodes().stream().filter(NodeResult::failed).map(NodeResult::uniqueId).toList();
  }

  private static Connection admin() throws SQLException {
    return DriverManager.getConnection(PostgresServer.jdbcUrl(), PostgresServer.USER, "");
  }

  private static String url() {
    return "jdbc:postgresql://127.0.0.1:" + PostgresServer.port() + "/" + WAREHOUSE;
  }

  private static void copy(Path from, Path to) throws Exception {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path file : files.toList()) {
        Path target = to.resolve(from.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(target);
        } else {
          Files.copy(file, target);
        }
      }
    }
  }
}
