package io.pipelinemedic.runner.warehouse;

import io.pipelinemedic.dbt.JdbcRows;
import io.pipelinemedic.schemas.model.Relation;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/** What a dev area read over a read-only JDBC connection (DuckDB, PostgreSQL) answers. */
final class JdbcReads {

  /** A read-only connection to a dev area. */
  interface ReadOnly {
    Connection open() throws SQLException;
  }

  private JdbcReads() {}

  /** Whether the catalog that {@code connection} reads holds {@code relation}. */
  static boolean holds(Connection connection, Relation relation) throws SQLException {
    try (PreparedStatement tables =
        connection.prepareStatement(
            "select 1 from information_schema.tables"
                + " where table_catalog = ? and table_schema = ? and table_name = ?")) {
      tables.setString(1, relation.database());
      tables.setString(2, relation.schema());
      tables.setString(3, relation.identifier());
      try (ResultSet found = tables.executeQuery()) {
        return found.next();
      }
    }
  }

  /** {@link DevArea#holds}, on a connection of {@code reader}. */
  static boolean holds(ReadOnly reader, Relation relation) throws IOException {
    try (Connection connection = reader.open()) {
      return holds(connection, relation);
    } catch (SQLException e) {
      throw new IOException("cannot read the dev area's catalog: " + e.getMessage(), e);
    }
  }

  /** {@link DevArea#rows}, on a connection of {@code reader}, rolled back afterwards. */
  static List<Map<String, Object>> rows(ReadOnly reader, String select, int limit)
      throws IOException {
    try (Connection connection = reader.open()) {
      try {
        return JdbcRows.of(connection, select, limit);
      } finally {
        if (!connection.getAutoCommit()) {
          connection.rollback();
        }
      }
    } catch (SQLException e) {
      throw new IOException("the query failed on the dev area: " + e.getMessage(), e);
    }
  }
}
