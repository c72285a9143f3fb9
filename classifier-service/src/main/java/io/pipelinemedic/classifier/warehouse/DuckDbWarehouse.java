package io.pipelinemedic.classifier.warehouse;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.duckdb.DuckDBDriver;

/**
 * A DuckDB database file opened read-only ({@code duckdb.read_only}): DuckDB itself refuses every
 * write, whatever the SQL says. Nothing beyond that file can be reached: external access (other
 * files, {@code COPY … TO}, {@code read_text}, {@code ATTACH}, the network) is off and the
 * configuration locked before the first query, and each query is prepared as one statement, so a
 * second statement in the text is refused rather than run. Each query gets a fresh statement, so a
 * failed one leaves nothing behind; rows beyond the limit are not read (the driver ignores {@code
 * setMaxRows}). The driver is used directly: {@code DriverManager} only offers drivers its caller's
 * class loader can see.
 */
public final class DuckDbWarehouse implements Warehouse {

  private final Connection connection;
  private final int maxRows;

  /** Opens {@code database} read-only; queries return at most {@code maxRows} rows. */
  public DuckDbWarehouse(Path database, int maxRows) throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("duckdb.read_only", "true");
    this.connection =
        new DuckDBDriver().connect("jdbc:duckdb:" + database.toAbsolutePath(), properties);
    try (Statement settings = connection.createStatement()) {
      settings.execute("SET enable_external_access = false");
      settings.execute("SET lock_configuration = true");
    } catch (SQLException e) {
      connection.close();
      throw e;
    }
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
