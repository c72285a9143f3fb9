package io.pipelinemedic.classifier.warehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pipelinemedic.classifier.Fixtures;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL, read for diagnostics: PostgreSQL itself refuses every write in the read-only
 * transaction, a query past its timeout is cancelled, a failed query leaves the next one working,
 * and rows beyond the limit are left unread.
 */
class PostgresWarehouseIT {

  @TempDir Path folder;
  String url;

  @BeforeEach
  void warehouse() throws SQLException {
    Path duckdb = folder.resolve("prod.duckdb");
    try (Connection writer = Fixtures.duckdb(duckdb);
        Statement sql = writer.createStatement()) {
      sql.execute("create schema raw");
      sql.execute("create table raw.orders as select range as id from range(5)");
    }
    url = Fixtures.copyToPostgres(duckdb, "diagnostics");
  }

  @Test
  void everyWriteIsRefusedByPostgresItself() throws SQLException {
    try (Warehouse warehouse = JdbcWarehouse.postgres(url, "postgres", null, 30, 100)) {
      for (String write :
          new String[] {
            "insert into raw.orders values (9)",
            "delete from raw.orders",
            "create table raw.planted as select 1 as x",
            "select 1; drop table raw.orders",
            "set transaction read write; delete from raw.orders"
          }) {
        assertThatThrownBy(() -> warehouse.query(write)).as(write).isInstanceOf(SQLException.class);
      }
      assertThat(warehouse.query("select count(*) as n from raw.orders").rows())
          .containsExactly(java.util.List.of(5L));
    }
    try (Connection admin = DriverManager.getConnection(url, "postgres", "");
        Statement sql = admin.createStatement();
        var count = sql.executeQuery("select count(*) from raw.orders")) {
      count.next();
      assertThat(count.getLong(1)).isEqualTo(5);
    }
  }

  @Test
  void aQueryPastItsTimeoutIsCancelledAndTheNextOneRuns() throws SQLException {
    try (Warehouse warehouse = JdbcWarehouse.postgres(url, "postgres", null, 1, 100)) {
      assertThatThrownBy(() -> warehouse.query("select pg_sleep(5)"))
          .hasMessageContaining("statement timeout");
      assertThat(warehouse.query("select 1 as one").rows()).hasSize(1);
    }
  }

  @Test
  void rowsBeyondTheLimitAreNotRead() throws SQLException {
    try (Warehouse warehouse = JdbcWarehouse.postgres(url, "postgres", null, 30, 2)) {
      Warehouse.QueryResult result = warehouse.query("select id from raw.orders order by id");

      assertThat(result.rows()).hasSize(2);
      assertThat(result.truncated()).isTrue();
    }
  }
}
