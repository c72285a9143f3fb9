package io.pipelinemedic.dbt;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;
import org.duckdb.DuckDBDriver;

/**
 * A DuckDB database opened to be read and nothing else: in DuckDB's own read-only mode, its other
 * databases attached read-only, then external access off and the configuration locked, so no SQL
 * run on it reaches another file ({@code COPY … TO}, {@code read_text}, {@code ATTACH}) or the
 * network. The driver is used directly: {@code DriverManager} only offers drivers its caller's
 * class loader can see.
 */
public final class ReadOnlyDuckDb {

  private static final Pattern ALIAS = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private ReadOnlyDuckDb() {}

  /**
   * Opens {@code database} read-only with {@code attachments} (by alias; a file that does not exist
   * is left out, an alias that is not a plain name refused).
   */
  public static Connection open(Path database, Map<String, Path> attachments) throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("duckdb.read_only", "true");
    Connection connection =
        new DuckDBDriver().connect("jdbc:duckdb:" + database.toAbsolutePath(), properties);
    try (Statement statement = connection.createStatement()) {
      for (Map.Entry<String, Path> attachment : attachments.entrySet()) {
        if (!ALIAS.matcher(attachment.getKey()).matches()) {
          throw new SQLException("not an attachment alias: " + attachment.getKey());
        }
        if (Files.isRegularFile(attachment.getValue())) {
          statement.execute(
              "ATTACH '"
                  + attachment.getValue().toAbsolutePath().toString().replace("'", "''")
                  + "' AS \""
                  + attachment.getKey()
                  + "\" (READ_ONLY)");
        }
      }
      statement.execute("SET enable_external_access = false");
      statement.execute("SET lock_configuration = true");
    } catch (SQLException e) {
      connection.close();
      throw e;
    }
    return connection;
  }
}
