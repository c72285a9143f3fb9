package io.pipelinemedic.runner.warehouse;

import io.pipelinemedic.dbt.DevProfile;
import io.pipelinemedic.dbt.ReadOnlyPostgres;
import io.pipelinemedic.schemas.model.Relation;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
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
    implements SchemaWarehouse {

  /** This database, and never a schema of a dev area ({@code medic_…}). */
  @Override
  public boolean isProduction(Relation relation) {
    return (relation.database() == null || relation.database().equals(database))
        && !relation.schema().startsWith(DevAreas.PREFIX);
  }

  /** A read-only transaction as the sandbox role ({@link ReadOnlyPostgres}), statements ≤ 60 s. */
  @Override
  public Connection read() throws SQLException {
    return ReadOnlyPostgres.open(jdbcUrl(), user, password, 60);
  }

  @Override
  public Connection write() throws SQLException {
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

  @Override
  public String fold(String name) {
    return name;
  }

  @Override
  public String sql(Relation relation) {
    return relation.joined(PostgresDevAreas::quote);
  }

  @Override
  public String createSchema(String schema) {
    return "create schema if not exists " + quote(schema);
  }

  @Override
  public String copy(Relation production, Relation dev) {
    return "create table "
        + quote(dev.schema())
        + "."
        + quote(dev.identifier())
        + " as table "
        + quote(production.schema())
        + "."
        + quote(production.identifier());
  }

  @Override
  public String dropSchema(String schema) {
    return "drop schema " + quote(schema) + " cascade";
  }

  @Override
  public String schemasOf() {
    return "select n.nspname from pg_namespace n join pg_roles r on r.oid = n.nspowner"
        + " where r.rolname = current_user and (n.nspname = ? or n.nspname like ? escape '!')";
  }

  @Override
  public String profile(String profile, String target, String schema) {
    return DevProfile.postgres(
        profile, target, host, port, database, user, PASSWORD_VARIABLE, schema);
  }

  @Override
  public Map<String, String> environment() {
    return password == null ? Map.of() : Map.of(PASSWORD_VARIABLE, password);
  }

  @Override
  public List<Path> readOnly() {
    return List.of();
  }

  /** The settings without the password. */
  @Override
  public String toString() {
    return "PostgresDevAreas[" + user + "@" + host + ":" + port + "/" + database + "]";
  }

  private String jdbcUrl() {
    return "jdbc:postgresql://" + host + ":" + port + "/" + database;
  }

  private static String quote(String name) {
    return "\"" + name.replace("\"", "\"\"") + "\"";
  }
}
