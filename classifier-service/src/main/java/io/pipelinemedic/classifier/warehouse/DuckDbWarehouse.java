package io.pipelinemedic.classifier.warehouse;

import io.pipelinemedic.dbt.ReadOnlyDuckDb;
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
 * A DuckDB database file opened to be read and nothing else ({@link ReadOnlyDuckDb}): DuckDB itself
 * refuses every write, whatever the SQL says, and no other file or the network can be reached. Each
 * query is prepared as one statement, so a second statement in the text is refused rather than run;
 * each gets a fresh statement, so a failed one leaves nothing behind; rows beyond the limit are not
 * read (the driver ignores {@code setMaxRows}).
 */
public final class DuckDbWarehouse implements Warehouse {

  private final Connection connection;
  private final int maxRows;

  /** Opens {@code database} read-only; queries return at most {@code maxRows} rows. */
  public DuckDbWarehouse(Path database, int maxRows) throws SQLException {
    this.connection = ReadOnlyDuckDb.open(database, Map.of());
    this.maxRows = maxRows;
  }

  @Override
  public QueryResult query(String sql) throws SQLException {
    long start = System.nanoTime();
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
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
    }
  }

  @Override
  public void close() throws SQLException {
    connection.close();
  }
}
