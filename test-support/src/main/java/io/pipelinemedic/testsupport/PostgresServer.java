package io.pipelinemedic.testsupport;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;

/** One real PostgreSQL server (embedded binaries, random port) per test JVM. */
public final class PostgresServer {

  /** The database the services use; each owns a schema in it. */
  public static final String DATABASE = "medic";

  /** The superuser; local connections are trusted. */
  public static final String USER = "postgres";

  private static EmbeddedPostgres server;

  private PostgresServer() {}

  /** Starts the server on first use and returns its port. */
  public static synchronized int port() {
    if (server == null) {
      try {
        // the library gives up after 10 s, which a loaded CI machine can need
        EmbeddedPostgres started =
            EmbeddedPostgres.builder().setPGStartupWait(Duration.ofSeconds(60)).start();
        try (Connection connection = started.getPostgresDatabase().getConnection();
            Statement statement = connection.createStatement()) {
          statement.execute("create database " + DATABASE);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(PostgresServer::close, "postgres-stop"));
        server = started;
      } catch (Exception e) {
        throw new IllegalStateException("cannot start the test PostgreSQL", e);
      }
    }
    return server.getPort();
  }

  /** JDBC URL of the services' database. */
  public static String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + port() + "/" + DATABASE;
  }

  /** Vert.x reactive client URL of the services' database. */
  public static String reactiveUrl() {
    return "postgresql://127.0.0.1:" + port() + "/" + DATABASE;
  }

  private static void close() {
    try {
      server.close();
    } catch (IOException e) {
      System.err.println("stopping the test PostgreSQL failed: " + e.getMessage());
    }
  }
}
