package io.pipelinemedic.runner.warehouse;

import io.pipelinemedic.dbt.DevProfile;
import io.pipelinemedic.schemas.model.Relation;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One group's dev schema on PostgreSQL: made by the sandbox role, so owned by it, and with it every
 * schema dbt names after it for the project's custom schemas ({@code <schema>_staging}); dropped
 * together.
 *
 * @param areas the server and the sandbox role
 * @param schema the dev schema
 * @param stateFolder the production manifest's folder
 * @param preparedMillis how long making it took
 */
public record PostgresDevArea(
    PostgresDevAreas areas, String schema, Path stateFolder, long preparedMillis)
    implements DevArea {

  static PostgresDevArea create(PostgresDevAreas areas, String schema, Path state)
      throws IOException {
    long start = System.nanoTime();
    PostgresDevArea area = new PostgresDevArea(areas, schema, state, 0);
    area.reset();
    return new PostgresDevArea(areas, schema, state, (System.nanoTime() - start) / 1_000_000);
  }

  @Override
  public String profile(String profile, String target) {
    return DevProfile.postgres(
        profile,
        target,
        areas.host(),
        areas.port(),
        areas.database(),
        areas.user(),
        PostgresDevAreas.PASSWORD_VARIABLE,
        schema);
  }

  @Override
  public Map<String, String> environment() {
    return areas.password() == null
        ? Map.of()
        : Map.of(PostgresDevAreas.PASSWORD_VARIABLE, areas.password());
  }

  @Override
  public List<Path> readOnly() {
    return List.of();
  }

  @Override
  public List<Path> writable() {
    return List.of();
  }

  @Override
  public boolean network() {
    return true;
  }

  @Override
  public Optional<Path> state() {
    return Optional.of(stateFolder);
  }

  @Override
  public boolean holds(Relation relation) throws IOException {
    return JdbcReads.holds(areas::read, relation);
  }

  @Override
  public List<Map<String, Object>> rows(String select, int limit) throws IOException {
    return JdbcReads.rows(areas::read, select, limit);
  }

  @Override
  public void copy(Relation production, Relation dev) throws IOException {
    if (!dev.schema().equals(schema) && !dev.schema().startsWith(schema + "_")) {
      throw new IOException(dev.joined(name -> name) + " is not in the dev schema " + schema);
    }
    try (Connection connection = areas.write();
        Statement statement = connection.createStatement()) {
      statement.execute("create schema if not exists " + quote(dev.schema()));
      statement.execute(
          "create table "
              + quote(dev.schema())
              + "."
              + quote(dev.identifier())
              + " as table "
              + quote(production.schema())
              + "."
              + quote(production.identifier()));
    } catch (SQLException e) {
      throw new IOException(
          "cannot copy " + production.joined(name -> name) + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void reset() throws IOException {
    drop();
    try (Connection connection = areas.write();
        Statement statement = connection.createStatement()) {
      statement.execute("create schema " + quote(schema));
    } catch (SQLException e) {
      throw new IOException("cannot make the dev schema " + schema + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void drop() throws IOException {
    try (Connection connection = areas.write()) {
      List<String> schemas = new ArrayList<>();
      try (PreparedStatement owned =
          connection.prepareStatement(
              "select n.nspname from pg_namespace n join pg_roles r on r.oid = n.nspowner"
                  + " where r.rolname = current_user"
                  + " and (n.nspname = ? or n.nspname like ? escape '!')")) {
        owned.setString(1, schema);
        owned.setString(2, schema.replace("_", "!_") + "!_%");
        try (ResultSet found = owned.executeQuery()) {
          while (found.next()) {
            schemas.add(found.getString(1));
          }
        }
      }
      try (Statement statement = connection.createStatement()) {
        for (String dev : schemas) {
          statement.execute("drop schema " + quote(dev) + " cascade");
        }
      }
    } catch (SQLException e) {
      throw new IOException("cannot drop the dev schema " + schema + ": " + e.getMessage(), e);
    }
  }

  private static String quote(String name) {
    return "\"" + name.replace("\"", "\"\"") + "\"";
  }
}
