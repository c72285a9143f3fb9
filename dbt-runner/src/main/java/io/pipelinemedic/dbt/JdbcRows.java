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
   * Refuses text with a semicolon anywhere but at its end: DuckDB would refuse a second statement
   * itself, PostgreSQL's driver would run it. A semicolon inside a literal or a comment is refused
   * too; no lexer is trusted to tell them apart.
   */
  public static void oneStatement(String sql) throws SQLException {
    String text = sql.strip();
    if (text.endsWith(";")) {
      text = text.substring(0, text.length() - 1);
    }
    if (text.indexOf(';') >= 0) {
      throw new SQLException("refused: more than one statement (a semicolon before the end)");
    }
  }

  /**
   * The first {@code limit} rows of {@code select}, each a map of column label to value (numbers,
   * text and booleans as they are, anything else as text). The text must be one statement ({@link
   * #oneStatement}).
   */
  public static List<Map<String, Object>> of(Connection connection, String select, int limit)
      throws SQLException {
    oneStatement(select);
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
