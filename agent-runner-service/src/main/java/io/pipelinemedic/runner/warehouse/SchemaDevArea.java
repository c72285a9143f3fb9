package io.pipelinemedic.runner.warehouse;

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
 * One group's dev schema on a {@link SchemaWarehouse}: made by the sandbox role, so owned by it,
 * and with it every schema dbt names after it for the project's custom schemas ({@code
 * <schema>_staging}); dropped together.
 *
 * @param warehouse the warehouse and the sandbox role
 * @param schema the dev schema
 * @param stateFolder the production manifest's folder
 * @param preparedMillis how long making it took
 */
public record SchemaDevArea(
    SchemaWarehouse warehouse, String schema, Path stateFolder, long preparedMillis)
    implements DevArea {

  static SchemaDevArea create(SchemaWarehouse warehouse, String schema, Path state)
      throws IOException {
    long start = System.nanoTime();
    SchemaDevArea area = new SchemaDevArea(warehouse, schema, state, 0);
    area.reset();
    return new SchemaDevArea(warehouse, schema, state, (System.nanoTime() - start) / 1_000_000);
  }

  @Override
  public String profile(String profile, String target) {
    return warehouse.profile(profile, target, schema);
  }

  @Override
  public Map<String, String> environment() {
    return warehouse.environment();
  }

  @Override
  public List<Path> readOnly() {
    return warehouse.readOnly();
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
  public String sql(Relation relation) {
    return warehouse.sql(relation);
  }

  @Override
  public boolean holds(Relation relation) throws IOException {
    return JdbcReads.holds(warehouse::read, relation);
  }

  @Override
  public List<Map<String, Object>> rows(String select, int limit) throws IOException {
    return JdbcReads.rows(warehouse::read, select, limit);
  }

  @Override
  public void copy(Relation production, Relation dev) throws IOException {
    String devSchema = warehouse.fold(dev.schema());
    String own = warehouse.fold(schema);
    if (warehouse.isProduction(dev) || !devSchema.equals(own) && !devSchema.startsWith(own + "_")) {
      throw new IOException(dev.joined(name -> name) + " is not in the dev schema " + schema);
    }
    try (Connection connection = warehouse.write();
        Statement statement = connection.createStatement()) {
      statement.execute(warehouse.createSchema(dev.schema()));
      statement.execute(warehouse.copy(production, dev));
    } catch (SQLException e) {
      throw new IOException(
          "cannot copy " + production.joined(name -> name) + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void reset() throws IOException {
    drop();
    try (Connection connection = warehouse.write();
        Statement statement = connection.createStatement()) {
      statement.execute(warehouse.createSchema(schema));
    } catch (SQLException e) {
      throw new IOException("cannot make the dev schema " + schema + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void drop() throws IOException {
    try (Connection connection = warehouse.write()) {
      List<String> schemas = new ArrayList<>();
      try (PreparedStatement owned = connection.prepareStatement(warehouse.schemasOf())) {
        owned.setString(1, schema);
        owned.setString(2, schema.replace("!", "!!").replace("_", "!_") + "!_%");
        try (ResultSet found = owned.executeQuery()) {
          while (found.next()) {
            schemas.add(found.getString(1));
          }
        }
      }
      try (Statement statement = connection.createStatement()) {
        for (String dev : schemas) {
          statement.execute(warehouse.dropSchema(dev));
        }
      }
    } catch (SQLException e) {
      throw new IOException("cannot drop the dev schema " + schema + ": " + e.getMessage(), e);
    }
  }
}
