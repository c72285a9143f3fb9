package io.pipelinemedic.runner.warehouse;

import io.pipelinemedic.schemas.model.Relation;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A warehouse whose dev areas are schemas that a role of their own makes, fills and drops over JDBC
 * ({@link SchemaDevArea}): PostgreSQL, Snowflake, Databricks. Each says its SQL; builds defer to
 * production, so a group with no state to defer to gets no dev area.
 */
public interface SchemaWarehouse extends DevAreas {

  /**
   * A connection as the sandbox role that only reads (a read-only transaction where there is one).
   */
  Connection read() throws SQLException;

  /** A connection as the sandbox role that makes and drops its dev schemas. */
  Connection write() throws SQLException;

  /** Makes {@code schema} unless it exists. */
  String createSchema(String schema);

  /**
   * Makes the dev table {@code dev} from production's {@code production}: a clone where there is
   * one.
   */
  String copy(Relation production, Relation dev);

  /** Drops {@code schema} and everything in it; {@code schema} as {@link #schemasOf()} names it. */
  String dropSchema(String schema);

  /**
   * A query for the dev schemas the connected role owns: its parameters are a dev schema's name and
   * a {@code LIKE} pattern (escape {@code !}) for the schemas dbt names after it; its first column
   * the names.
   */
  String schemasOf();

  /** The dev-only {@code profiles.yml} with the one target {@code target} on {@code schema}. */
  String profile(String profile, String target, String schema);

  /** Variables dbt needs beside the profile (the role's password); never in a file. */
  Map<String, String> environment();

  /** Files dbt is shown read-only (a private key). */
  List<Path> readOnly();

  @Override
  default DevArea create(String name, Path folder, Optional<Path> state) throws IOException {
    if (state.isEmpty()) {
      throw new IOException(
          "the run left no manifest.json: a dev schema builds only what it selects and reads the"
              + " rest from production, which needs the run's manifest");
    }
    return SchemaDevArea.create(this, DevAreas.name(name), state.get());
  }

  @Override
  default void drop(String name) throws IOException {
    new SchemaDevArea(this, DevAreas.name(name), null, 0).drop();
  }
}
