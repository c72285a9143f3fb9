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
   * The variable dbt reads the sandbox role's password (or token) from: a {@code DBT_ENV_SECRET_}
   * one, which dbt lets only profiles and packages files read (never a model, macro or hook: {@code
   * env_var} refuses it there) and scrubs from its logs.
   */
  String PASSWORD_VARIABLE = "DBT_ENV_SECRET_MEDIC_DEV_PASSWORD";

  /**
   * A connection as the sandbox role to read with. PostgreSQL's is a read-only transaction;
   * Snowflake and Databricks have none (their drivers ignore {@code setReadOnly}), so there the
   * role's grants are the only limit: it reads production and writes only its own dev schemas.
   */
  default Connection read() throws SQLException {
    Connection connection = write();
    connection.setReadOnly(true);
    return connection;
  }

  /** A connection as the sandbox role that makes and drops its dev schemas. */
  Connection write() throws SQLException;

  /**
   * A name as the warehouse compares names: PostgreSQL exactly, Snowflake in upper case and
   * Databricks in lower case (their unquoted names ignore case).
   */
  String fold(String name);

  /** {@code relation} as this warehouse's SQL names it ({@link DevArea#sql}). */
  String sql(Relation relation);

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
    return SchemaDevArea.create(this, DevAreas.name(name), DevAreas.deferredTo(state));
  }

  @Override
  default void drop(String name) throws IOException {
    new SchemaDevArea(this, DevAreas.name(name), null, 0).drop();
  }
}
