package io.pipelinemedic.runner.warehouse;

import io.pipelinemedic.schemas.model.Relation;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The warehouse side of one group's sandbox: where its dbt builds write (a dev file, a dev schema),
 * how they read production (attached read-only, or a role that may only read it), and the
 * production state they defer to, so that only what a build selects is built in dev.
 */
public interface DevArea {

  /** The dev-only {@code profiles.yml} of the project's profile {@code profile}: one target. */
  String profile(String profile, String target);

  /** Variables dbt needs beside the profile (the dev role's password); never in a file. */
  Map<String, String> environment();

  /** Files and folders a process in the sandbox is shown read-only (production databases). */
  List<Path> readOnly();

  /** Folders a process in the sandbox may write (a dev file's folder). */
  List<Path> writable();

  /** Whether dbt reaches the warehouse over the network. */
  boolean network();

  /**
   * The folder of the production manifest dbt defers to ({@code --defer --state}); empty when the
   * dev area holds all of production itself (a copy).
   */
  Optional<Path> state();

  /**
   * Copies production's table {@code production} into the dev area as {@code dev}: the one thing a
   * deferred build cannot read where it is, an incremental model's own table.
   */
  void copy(Relation production, Relation dev) throws IOException;

  /** Empties the dev area: what earlier builds wrote is gone, production reads as it is. */
  void reset() throws IOException;

  /** Removes the dev area from the warehouse. */
  void drop() throws IOException;

  /** How long making the dev area took, in milliseconds. */
  long preparedMillis();

  /**
   * {@code relation} as this warehouse's SQL names it: each part double-quoted (DuckDB, PostgreSQL)
   * or backtick-quoted (BigQuery, Databricks), or a plain name left unquoted (Snowflake, whose
   * quoted names would be case-sensitive).
   */
  String sql(Relation relation);

  /** Whether the dev area holds {@code relation} (a table or a view), as its catalog says. */
  boolean holds(Relation relation) throws IOException;

  /**
   * The first {@code limit} rows of {@code select} on the dev area, and through it production,
   * never through dbt (nothing in the text is rendered as Jinja) and as read-only as the warehouse
   * allows: DuckDB's read-only mode, a PostgreSQL read-only transaction rolled back, a statement
   * BigQuery's dry run calls a SELECT; on Snowflake and Databricks only the role's grants.
   */
  List<Map<String, Object>> rows(String select, int limit) throws IOException;
}
