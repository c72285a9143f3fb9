package io.pipelinemedic.dbt.scenario;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Production as a database of a PostgreSQL server that trusts local connections (the local stack's
 * own): made afresh for each play and owned by the production role the nightly job runs as; once it
 * is built, the sandbox role gets its grants from the repository's own {@code
 * tools/warehouse/postgres-sandbox-role.sql}, exactly as an operator runs it. One play at a time:
 * each drops the database, whatever the play folder.
 *
 * @param host the server
 * @param port its port
 * @param admin a superuser, which makes the database and the roles
 * @param database production's database
 * @param owner the production role (made when missing); it owns every production schema
 * @param sandboxRole the role Pipeline Medic's runner and classifier use, or {@code null} for none
 * @param grants the sandbox role's script
 */
public record PostgresScenarioWarehouse(
    String host,
    int port,
    String admin,
    String database,
    String owner,
    String sandboxRole,
    Path grants)
    implements ScenarioWarehouse {

  /** The example project's output for PostgreSQL. */
  public static final String TARGET = "prod_postgres";

  /** The repository's script that grants the sandbox role, under the repository root. */
  public static final String GRANTS = "tools/warehouse/postgres-sandbox-role.sql";

  private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

  /** Refuses a name that would not be one plain identifier. */
  public PostgresScenarioWarehouse {
    for (String name :
        sandboxRole == null
            ? List.of(admin, database, owner)
            : List.of(admin, database, owner, sandboxRole)) {
      if (!NAME.matcher(name).matches()) {
        throw new IllegalArgumentException(name + " is not a plain PostgreSQL name");
      }
    }
  }

  @Override
  public String target() {
    return TARGET;
  }

  @Override
  public Map<String, String> environment(Path folder) {
    return Map.of(
        "EXAMPLE_POSTGRES_HOST", host,
        "EXAMPLE_POSTGRES_PORT", String.valueOf(port),
        "EXAMPLE_POSTGRES_USER", owner,
        "EXAMPLE_POSTGRES_DATABASE", database);
  }

  @Override
  public void create(Path folder) throws IOException {
    try (Connection server = connect("postgres");
        Statement sql = server.createStatement()) {
      sql.execute("drop database if exists " + database + " with (force)");
      try (ResultSet role =
          sql.executeQuery("select 1 from pg_roles where rolname = '" + owner + "'")) {
        if (!role.next()) {
          sql.execute("create role " + owner + " login");
        }
      }
      sql.execute("create database " + database + " owner " + owner);
    } catch (SQLException e) {
      throw new IOException("cannot make the database " + database + ": " + e.getMessage(), e);
    }
    try (Connection production = connect(database);
        Statement sql = production.createStatement()) {
      // PostgreSQL 14 and earlier let every role create in public; the sandbox role must not
      sql.execute("revoke create on schema public from public");
    } catch (SQLException e) {
      throw new IOException("cannot close the public schema of " + database, e);
    }
  }

  @Override
  public String buildArgument(Path folder) {
    return database(folder);
  }

  @Override
  public String database(Path folder) {
    return "postgresql://" + owner + "@" + host + ":" + port + "/" + database;
  }

  @Override
  public List<String> fxLock(Path folder) {
    return List.of(database(folder), "finance.rates");
  }

  @Override
  public void built(Path folder) throws IOException {
    if (sandboxRole == null) {
      return;
    }
    try (Connection production = connect(database)) {
      String schemas;
      try (PreparedStatement owned =
              production.prepareStatement(
                  "select string_agg(nspname, ',' order by nspname) from pg_namespace"
                      + " where nspowner = ?::regrole");
          ResultSet rows = query(owned, owner)) {
        rows.next();
        schemas = rows.getString(1);
      }
      try (PreparedStatement settings =
          production.prepareStatement(
              "select set_config('medic.sandbox_role', ?, false),"
                  + " set_config('medic.production_owner', ?, false),"
                  + " set_config('medic.production_schemas', ?, false)")) {
        settings.setString(1, sandboxRole);
        settings.setString(2, owner);
        settings.setString(3, schemas);
        settings.execute();
      }
      try (Statement sql = production.createStatement()) {
        sql.execute(Files.readString(grants, StandardCharsets.UTF_8));
      }
    } catch (SQLException e) {
      throw new IOException("cannot grant " + sandboxRole + " on " + database, e);
    }
  }

  @Override
  public Path file(Path folder) {
    return null;
  }

  private static ResultSet query(PreparedStatement statement, String value) throws SQLException {
    statement.setString(1, value);
    return statement.executeQuery();
  }

  private Connection connect(String db) throws SQLException {
    return DriverManager.getConnection(
        "jdbc:postgresql://" + host + ":" + port + "/" + db, admin, "");
  }
}
