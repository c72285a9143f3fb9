package io.pipelinemedic.classifier.warehouse;

import io.pipelinemedic.dbt.JdbcRows;
import io.pipelinemedic.dbt.ReadOnlyDuckDb;
import io.pipelinemedic.dbt.ReadOnlyPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A warehouse read through JDBC, opened so that the warehouse itself refuses every write whatever
 * the SQL says. DuckDB: the file in its own read-only mode ({@link ReadOnlyDuckDb}), no other file
 * or the network reachable, a second statement in a query's text refused rather than run.
 * PostgreSQL: read-only transactions (rolled back after each query, so a failed one leaves nothing
 * behind) with a statement timeout, as a role that should only read. Rows beyond the limit are not
 * read.
 */
public final class JdbcWarehouse implements Warehouse {

  private final Connection connection;
  private final int maxRows;

  private JdbcWarehouse(Connection connection, int maxRows) {
    this.connection = connection;
    this.maxRows = maxRows;
  }

  /** The DuckDB file {@code database}, read-only; queries return at most {@code maxRows} rows. */
  public static JdbcWarehouse duckDb(Path database, int maxRows) throws SQLException {
    return new JdbcWarehouse(ReadOnlyDuckDb.open(database, Map.of()), maxRows);
  }

  /**
   * The PostgreSQL database at {@code url} ({@code jdbc:postgresql://host:port/database}) as {@code
   * user}, in read-only transactions that end after {@code timeoutSeconds}.
   */
  public static JdbcWarehouse postgres(
      String url, String user, String password, int timeoutSeconds, int maxRows)
      throws SQLException {
    return new JdbcWarehouse(ReadOnlyPostgres.open(url, user, password, timeoutSeconds), maxRows);
  }

  @Override
  public QueryResult query(String sql) throws SQLException {
    JdbcRows.oneStatement(sql);
    long start = System.nanoTime();
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setFetchSize(maxRows + 1);
      try (ResultSet results = statement.executeQuery()) {
        ResultSetMetaData meta = results.getMetaData();
        List<String> columns = new ArrayList<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
          columns.add(meta.getColumnLabel(i));
        }
        List<List<Object>> rows = new ArrayList<>();
        boolean more = results.next();
        while (more && rows.size() < maxRows) {
          List<Object> row = new ArrayList<>();
          for (int i = 1; i <= columns.size(); i++) {
            row.add(results.getObject(i));
          }
          rows.add(row);
          more = results.next();
        }
        return new QueryResult(sql, columns, rows, more, (System.nanoTime() - start) / 1_000_000);
      }
    } finally {
      if (!connection.getAutoCommit()) {
        connection.rollback();
      }
    }
  }

  @Override
  public void close() throws SQLException {
    connection.close();
  }
}
