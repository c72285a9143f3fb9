package io.pipelinemedic.classifier.warehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pipelinemedic.classifier.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real DuckDB file: read through the adapter, every write refused by DuckDB, and nothing beyond
 * the file reachable (the attacks a crafted manifest's relation name would carry).
 */
class DuckDbWarehouseTest {

  @TempDir Path folder;
  Path database;

  @BeforeEach
  void production() throws SQLException {
    database = folder.resolve("prod.duckdb");
    try (Connection writer = Fixtures.duckdb(database);
        Statement sql = writer.createStatement()) {
      sql.execute("create schema raw_vendor");
      sql.execute("create table raw_vendor.order_lines (order_line_id integer, sku varchar)");
      sql.execute(
          "insert into raw_vendor.order_lines values (1, 'APP-1'), (2, 'GRD-2001'), (2,"
              + " 'GRD-2001')");
    }
  }

  @Test
  void queriesReadTheDatabase() throws SQLException {
    try (Warehouse warehouse = JdbcWarehouse.duckDb(database, 100)) {
      Warehouse.QueryResult duplicates =
          warehouse.query(
              "select order_line_id, count(*) as copies from raw_vendor.order_lines"
                  + " group by order_line_id having count(*) > 1");

      assertThat(duplicates.columns()).containsExactly("order_line_id", "copies");
      assertThat(duplicates.rows()).containsExactly(List.of(2, 2L));
      assertThat(duplicates.durationMs()).isNotNegative();
    }
  }

  @Test
  void everyWriteIsRefusedAndTheConnectionStaysUsable() throws SQLException {
    try (Warehouse warehouse = JdbcWarehouse.duckDb(database, 100)) {
      assertThatThrownBy(() -> warehouse.query("delete from raw_vendor.order_lines returning *"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("read-only");
      assertThatThrownBy(() -> warehouse.query("create table raw_vendor.x as select 1 as a"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("read-only");

      assertThat(warehouse.query("select count(*) from raw_vendor.order_lines").rows())
          .containsExactly(List.of(3L));
    }
  }

  @Test
  void nothingBeyondTheDatabaseCanBeReadOrWritten() throws Exception {
    Path secret = Files.writeString(folder.resolve("environ"), "TOKEN=ghp_secret");
    Path written = folder.resolve("written.csv");
    try (Warehouse warehouse = JdbcWarehouse.duckDb(database, 100)) {
      assertThatThrownBy(() -> warehouse.query("select * from read_text('" + secret + "')"))
          .isInstanceOf(SQLException.class);
      assertThatThrownBy(
              () ->
                  warehouse.query(
                      "select 1; copy (select * from raw_vendor.order_lines) to '" + written + "'"))
          .isInstanceOf(SQLException.class);
      assertThatThrownBy(() -> warehouse.query("copy (select 1 as a) to '" + written + "'"))
          .isInstanceOf(SQLException.class);
      assertThatThrownBy(() -> warehouse.query("attach '" + folder.resolve("other.duckdb") + "'"))
          .isInstanceOf(SQLException.class);
      assertThatThrownBy(() -> warehouse.query("set enable_external_access = true"))
          .isInstanceOf(SQLException.class);

      assertThat(written).doesNotExist();
      assertThat(folder.resolve("other.duckdb")).doesNotExist();
      assertThat(warehouse.query("select count(*) from raw_vendor.order_lines").rows())
          .containsExactly(List.of(3L));
    }
  }

  @Test
  void aQueryReturnsAtMostTheRowLimit() throws SQLException {
    try (Warehouse warehouse = JdbcWarehouse.duckDb(database, 2)) {
      Warehouse.QueryResult limited = warehouse.query("select * from range(10)");

      assertThat(limited.rows()).hasSize(2);
      assertThat(limited.truncated()).isTrue();
      assertThat(warehouse.query("select * from range(2)").truncated()).isFalse();
    }
  }
}
