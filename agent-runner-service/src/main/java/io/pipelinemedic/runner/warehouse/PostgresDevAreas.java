package io.pipelinemedic.runner.warehouse;

import io.pipelinemedic.dbt.ReadOnlyPostgres;
import io.pipelinemedic.schemas.model.Relation;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Properties;
import org.postgresql.Driver;

/**
 * The dev areas of a team on PostgreSQL: a schema per group, made and owned by the sandbox role,
 * which may read the production schemas and write nothing of them (the grants of {@code
 * tools/warehouse/postgres-sandbox-role.sql}, which PostgreSQL itself enforces). Builds defer to
 * production, so a group with no state to defer to gets no dev area.
 *
 * @param host the server
 * @param port its port
 * @param database the production database, where the dev schemas are made too
 * @param user the sandbox role
 * @param password its password (a secret: only in dbt's environment and this connection)
 */
public record PostgresDevAreas(String host, int port, String database, String user, String password)
    implements DevAreas {

  /**
   * The variable dbt reads the sandbox role's password from: a {@code DBT_ENV_SECRET_} one, which
   * dbt lets only profiles and packages files read (never a model, macro or hook: {@code env_var}
   * refuses it there) and scrubs from its logs.
   */
  static final String PASSWORD_VARIABLE = "DBT_ENV_SECRET_MEDIC_DEV_PASSWORD";

  @Override
  public DevArea create(String name, Path folder, Optional<Path> state) throws IOException {
    if (state.isEmpty()) {
      throw new IOException(
          "the run left no manifest.json: a PostgreSQL sandbox builds only what it selects and"
              + " reads the rest from production, which needs the run's manifest");
    }
    return PostgresDevArea.create(this, DevAreas.name(name), state.get());
  }

  /** This database, and never a schema of a dev area ({@code medic_…}). */
  @Override
  public boolean isProduction(Relation relation) {
    return (relation.database() == null || relation.database().equals(database))
        && !relation.schema().startsWith(DevAreas.PREFIX);
  }

  @Override
  public void drop(String name) throws IOException {
    new PostgresDevArea(this, DevAreas.name(name), null, 0).drop();
  }

  /** A read-only connection as the sandbox role ({@link ReadOnlyPostgres}), statements ≤ 60 s. */
  Connection read() throws SQLException {
    return ReadOnlyPostgres.open(jdbcUrl(), user, password, 60);
  }

  /** A connection as the sandbox role that makes and drops its dev schemas. */
  Connection write() throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", user);
    if (password != null) {
      properties.setProperty("password", password);
    }
    properties.setProperty("connectTimeout", "10");
    Connection connection = new Driver().connect(jdbcUrl(), properties);
    if (connection == null) {
      throw new SQLException("not a PostgreSQL URL: " + jdbcUrl());
    }
    return connection;
  }

  /** The settings without the password. */
  @Override
  public String toString() {
    return "PostgresDevAreas[" + user + "@" + host + ":" + port + "/" + database + "]";
  }

  String jdbcUrl() {
    return "jdbc:postgresql://" + host + ":" + port + "/" + database;
  }
}
