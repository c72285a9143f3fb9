package io.pipelinemedic.runner.warehouse;

import io.pipelinemedic.dbt.DevProfile;
import io.pipelinemedic.dbt.ReadOnlyDuckDb;
import io.pipelinemedic.schemas.model.Relation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import org.duckdb.DuckDBDriver;

/**
 * A DuckDB dev area, one of two kinds. <b>Deferred</b>: a small dev file of its own, production
 * attached read-only under its own catalog name, so the relations dbt defers to read production
 * itself, and a view in the dev file for each source production holds (dbt puts sources without a
 * database in the target's catalog). <b>Copy</b>: a copy of the production file under the same
 * name, when there is no state to defer to or production is small enough that copying is cheaper.
 *
 * @param dev the dev file
 * @param production the production file
 * @param attached the databases attached read-only, by alias (production's own, when deferred)
 * @param state the state's folder, when deferred
 * @param preparedMillis how long making it took
 */
public record DuckDbDevArea(
    Path dev,
    Path production,
    Map<String, Path> attached,
    Optional<Path> state,
    long preparedMillis)
    implements DevArea {

  /** A copy of {@code production} in {@code folder}, keeping its name and so its catalog. */
  static DuckDbDevArea copy(Path folder, Path production, Map<String, Path> attachments)
      throws IOException {
    long start = System.nanoTime();
    DuckDbDevArea area =
        new DuckDbDevArea(
            folder.resolve(production.getFileName()),
            production,
            existing(attachments),
            Optional.empty(),
            0);
    area.fill();
    return area.took(start);
  }

  /**
   * A dev file in {@code folder} beside production attached read-only, deferring to {@code state}.
   */
  static DuckDbDevArea deferred(
      Path folder, Path production, Map<String, Path> attachments, Path state) throws IOException {
    long start = System.nanoTime();
    String catalog = catalog(production);
    Map<String, Path> attached = existing(attachments);
    if (attached.containsKey(catalog)) {
      throw new IOException(
          "an attachment is named " + catalog + ", as the production file's catalog is");
    }
    attached.put(catalog, production);
    DuckDbDevArea area =
        new DuckDbDevArea(
            folder.resolve(catalog + "_medic_dev.duckdb"),
            production,
            attached,
            Optional.of(state),
            0);
    area.fill();
    return area.took(start);
  }

  @Override
  public String profile(String profile, String target) {
    return DevProfile.duckdb(profile, target, dev, attached);
  }

  @Override
  public Map<String, String> environment() {
    return Map.of();
  }

  @Override
  public List<Path> readOnly() {
    return List.copyOf(attached.values());
  }

  @Override
  public List<Path> writable() {
    return List.of(dev.getParent());
  }

  @Override
  public boolean network() {
    return false;
  }

  @Override
  public String sql(Relation relation) {
    return relation.joined(DuckDbDevArea::quote);
  }

  @Override
  public boolean holds(Relation relation) throws IOException {
    return JdbcReads.holds(this::read, relation);
  }

  @Override
  public List<Map<String, Object>> rows(String select, int limit) throws IOException {
    return JdbcReads.rows(this::read, select, limit);
  }

  /** The dev file, production and its attachments, all read-only. */
  private Connection read() throws SQLException {
    return ReadOnlyDuckDb.open(dev, attached);
  }

  @Override
  public void reset() throws IOException {
    fill();
  }

  @Override
  public void drop() throws IOException {
    Files.deleteIfExists(dev);
    Files.deleteIfExists(dev.resolveSibling(dev.getFileName() + ".wal"));
  }

  @Override
  public void copy(Relation production, Relation dev) throws IOException {
    if (!catalog(this.dev).equals(dev.database())) {
      throw new IOException(dev.joined(name -> name) + " is not in the dev file");
    }
    besideProduction(
        (connection, statement) -> {
          statement.execute(
              "CREATE SCHEMA IF NOT EXISTS " + quote(dev.database()) + "." + quote(dev.schema()));
          statement.execute(
              "CREATE TABLE "
                  + dev.joined(DuckDbDevArea::quote)
                  + " AS SELECT * FROM "
                  + production.joined(DuckDbDevArea::quote));
        });
  }

  /** Makes the dev file afresh: production's copy, or the views on production's sources. */
  private void fill() throws IOException {
    Files.createDirectories(dev.getParent());
    drop(); // the dev file and its write-ahead log, which DuckDB would replay into a fresh copy
    if (state.isEmpty()) {
      Files.copy(production, dev);
      return;
    }
    String catalog = catalog(production);
    String own = quote(catalog(dev));
    besideProduction(
        (connection, statement) -> {
          List<Relation> held = new ArrayList<>();
          for (Relation source : StateManifest.sources(state.get())) {
            if (catalog.equals(source.database()) && JdbcReads.holds(connection, source)) {
              held.add(source);
            }
          }
          for (Relation source : held) {
            statement.execute("CREATE SCHEMA IF NOT EXISTS " + own + "." + quote(source.schema()));
            statement.execute(
                "CREATE OR REPLACE VIEW "
                    + own
                    + "."
                    + quote(source.schema())
                    + "."
                    + quote(source.identifier())
                    + " AS SELECT * FROM "
                    + source.joined(DuckDbDevArea::quote));
          }
        });
  }

  /** What is done on the dev file, writable, with production attached read-only. */
  @FunctionalInterface
  private interface Work {
    void on(Connection connection, Statement statement) throws SQLException, IOException;
  }

  private void besideProduction(Work work) throws IOException {
    String catalog = catalog(production);
    try (Connection connection =
            new DuckDBDriver().connect("jdbc:duckdb:" + dev.toAbsolutePath(), new Properties());
        Statement statement = connection.createStatement()) {
      statement.execute(
          "ATTACH '"
              + production.toAbsolutePath().toString().replace("'", "''")
              + "' AS "
              + quote(catalog)
              + " (READ_ONLY)");
      work.on(connection, statement);
      statement.execute("DETACH " + quote(catalog));
    } catch (SQLException e) {
      throw new IOException("cannot write the dev file beside production: " + e.getMessage(), e);
    }
  }

  private DuckDbDevArea took(long start) {
    return new DuckDbDevArea(
        dev, production, attached, state, (System.nanoTime() - start) / 1_000_000);
  }

  /** A DuckDB file's catalog: its name without the extension, as DuckDB and dbt-duckdb name it. */
  static String catalog(Path file) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot > 0 ? name.substring(0, dot) : name;
  }

  private static Map<String, Path> existing(Map<String, Path> attachments) {
    Map<String, Path> existing = new TreeMap<>(attachments);
    existing.values().removeIf(path -> !Files.exists(path));
    return existing;
  }

  private static String quote(String name) {
    return "\"" + name.replace("\"", "\"\"") + "\"";
  }
}
