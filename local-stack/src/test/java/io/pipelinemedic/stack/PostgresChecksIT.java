package io.pipelinemedic.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipelinemedic.artifacts.Manifest;
import io.pipelinemedic.artifacts.ManifestNode;
import io.pipelinemedic.schemas.model.Relation;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The doctor's sandbox-role check on a real PostgreSQL, the role granted by the repository's own
 * {@code tools/warehouse/postgres-sandbox-role.sql}: it passes, and fails naming the source for a
 * source the warehouse lacks, a source the role could write, and a role that cannot make schemas.
 */
class PostgresChecksIT {

  private static final Path GRANTS =
      Path.of(System.getProperty("medic.root", ".."))
          .resolve("tools/warehouse/postgres-sandbox-role.sql");

  private static EmbeddedPostgres server;

  @BeforeAll
  static void aWarehouseWithItsSandboxRole() throws Exception {
    server = EmbeddedPostgres.builder().start();
    try (Connection admin = server.getPostgresDatabase().getConnection();
        Statement sql = admin.createStatement()) {
      sql.execute("create database warehouse");
    }
    {
      try (Connection admin = connect("warehouse", "postgres");
          Statement sql = admin.createStatement()) {
        sql.execute("create role dbt_prod login");
        sql.execute("create schema raw authorization dbt_prod");
        sql.execute("set role dbt_prod");
        sql.execute("create table raw.orders (id int)");
        sql.execute("create table raw.customers (id int)");
        sql.execute("reset role");
        sql.execute("set medic.sandbox_role = 'medic_sandbox'");
        sql.execute("set medic.production_owner = 'dbt_prod'");
        sql.execute("set medic.production_schemas = 'raw'");
        sql.execute(Files.readString(GRANTS, StandardCharsets.UTF_8));
      }
    }
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  @Test
  void theGrantedRoleReadsEverySourceAndWritesNone() {
    Doctor.Check check = PostgresChecks.sandboxRole(runner(), manifest("orders", "customers"));

    assertThat(check.ok()).as(check.detail()).isTrue();
    assertThat(check.detail()).contains("reads 2 sources and can write none");
  }

  @Test
  void aSourceTheWarehouseLacksIsNamed() {
    Doctor.Check check = PostgresChecks.sandboxRole(runner(), manifest("orders", "returns"));

    assertThat(check.ok()).isFalse();
    assertThat(check.detail()).contains("not in warehouse: warehouse.raw.returns");
  }

  @Test
  void aRoleThatCouldWriteProductionFails() throws Exception {
    try (Connection admin = connect("warehouse", "postgres");
        Statement sql = admin.createStatement()) {
      sql.execute("create table raw.refunds (id int)");
      sql.execute("grant select, insert on raw.refunds to medic_sandbox");
    }

    Doctor.Check check = PostgresChecks.sandboxRole(runner(), manifest("orders", "refunds"));

    assertThat(check.ok()).isFalse();
    assertThat(check.detail()).contains("can write production: warehouse.raw.refunds");
  }

  private static Map<String, String> runner() {
    return Map.of(
        "MEDIC_RUNNER_WAREHOUSE", "postgres",
        "MEDIC_RUNNER_POSTGRES_HOST", "127.0.0.1",
        "MEDIC_RUNNER_POSTGRES_PORT", String.valueOf(server.getPort()),
        "MEDIC_RUNNER_POSTGRES_DATABASE", "warehouse",
        "MEDIC_RUNNER_POSTGRES_USER", "medic_sandbox");
  }

  private static Manifest manifest(String... tables) {
    Map<String, ManifestNode> nodes = new HashMap<>();
    for (String table : tables) {
      String id = "source.shop.app." + table;
      nodes.put(
          id,
          new ManifestNode(
              id,
              "source",
              table,
              "models/sources.yml",
              null,
              new Relation("warehouse", "raw", table),
              null,
              null,
              List.of(),
              null,
              null,
              null));
    }
    return new Manifest(nodes, Map.of());
  }

  private static Connection connect(String database, String user) throws Exception {
    return DriverManager.getConnection(
        "jdbc:postgresql://127.0.0.1:" + server.getPort() + "/" + database, user, "");
  }
}
