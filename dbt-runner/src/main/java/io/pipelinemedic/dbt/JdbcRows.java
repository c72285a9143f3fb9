package io.pipelinemedic.dbt;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A query's first rows as maps, through any JDBC connection. */
public final class JdbcRows {

  private JdbcRows() {}

  /**
   * The first {@code limit} rows of {@code select}, each a map of column label to value (numbers,
   * text and booleans as they are, anything else as text). The text is prepared as one statement:
   * DuckDB refuses a second one in it rather than run it; PostgreSQL's driver would run it, which
   * is why its connections are read-only transactions of a role that can write nothing else.
   */
  public static List<Map<String, Object>> of(Connection connection, String select, int limit)
      throws SQLException {
    List<Map<String, Object>> rows = new ArrayList<>();
    try (PreparedStatement statement = connection.prepareStatement(select);
        ResultSet results = statement.executeQuery()) {
      ResultSetMetaData meta = results.getMetaData();
      while (rows.size() < limit && results.next()) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
          Object value = results.getObject(i);
          row.put(
              meta.getColumnLabel(i),
              value == null || value instanceof Number || value instanceof Boolean
                  ? value
                  : value.toString());
        }
        rows.add(row);
      }
    }
    return rows;
  }
}
