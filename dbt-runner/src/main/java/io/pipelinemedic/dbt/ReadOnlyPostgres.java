package io.pipelinemedic.dbt;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;
import org.postgresql.Driver;

/**
 * A PostgreSQL connection to read and nothing else: every transaction read-only from the start
 * ({@code default_transaction_read_only}), autocommit off so the caller rolls each one back, and a
 * statement timeout. The driver is used directly, as {@link ReadOnlyDuckDb} does.
 */
public final class ReadOnlyPostgres {

  private ReadOnlyPostgres() {}

  /**
   * Opens {@code url} ({@code jdbc:postgresql://host:port/database}) as {@code user}; statements
   * are cancelled after {@code timeoutSeconds}.
   */
  public static Connection open(String url, String user, String password, int timeoutSeconds)
      throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", user);
    if (password != null) {
      properties.setProperty("password", password);
    }
    properties.setProperty(
        "options",
        "-c default_transaction_read_only=on -c statement_timeout=" + timeoutSeconds * 1000);
    properties.setProperty("connectTimeout", "10");
    properties.setProperty("ApplicationName", "pipeline-medic");
    Connection connection = new Driver().connect(url, properties);
    if (connection == null) {
      throw new SQLException("not a PostgreSQL JDBC URL: " + url);
    }
    connection.setAutoCommit(false);
    connection.setReadOnly(true);
    return connection;
  }
}
