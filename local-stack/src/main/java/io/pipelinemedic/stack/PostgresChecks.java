package io.pipelinemedic.stack;

import io.pipelinemedic.artifacts.Manifest;
import io.pipelinemedic.artifacts.ManifestNode;
import io.pipelinemedic.dbt.ReadOnlyPostgres;
import io.pipelinemedic.schemas.model.Relation;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The doctor's check of a PostgreSQL warehouse as the runner's sandbox role sees it: it connects,
 * may make its dev schemas, reads every source of the project and can write none of them (what
 * {@code tools/warehouse/postgres-sandbox-role.sql} grants).
 */
final class PostgresChecks {

  static final String NAME = "sandbox role";

  private static final String GRANTS = "tools/warehouse/postgres-sandbox-role.sql";

  private PostgresChecks() {}

  /** The runner's settings {@code medic.runner.postgres.*}, checked on the parsed project. */
  static Doctor.Check sandboxRole(Map<String, String> runner, Manifest manifest) {
    String host = runner.get("MEDIC_RUNNER_POSTGRES_HOST");
    String database = runner.get("MEDIC_RUNNER_POSTGRES_DATABASE");
    String user = runner.get("MEDIC_RUNNER_POSTGRES_USER");
    if (host == null || database == null || user == null) {
      return new Doctor.Check(
          NAME, false, "not set: medic.runner.postgres.host, .database and .user name it");
    }
    String url =
        "jdbc:postgresql://"
            + host
            + ":"
            + runner.getOrDefault("MEDIC_RUNNER_POSTGRES_PORT", "5432")
            + "/"
            + database;
    try (Connection connection =
        ReadOnlyPostgres.open(url, user, runner.get("MEDIC_RUNNER_POSTGRES_PASSWORD"), 10)) {
      if (!privilege(connection, "select has_database_privilege(current_database(), 'CREATE')")) {
        return new Doctor.Check(
            NAME, false, user + " may not make schemas in " + database + ": run " + GRANTS);
      }
      List<String> missing = new ArrayList<>();
      List<String> unreadable = new ArrayList<>();
      List<String> writable = new ArrayList<>();
      int sources = 0;
      for (ManifestNode source : sources(manifest)) {
        sources++;
        Relation relation = source.relation();
        String shown = relation.joined(name -> name);
        String state = state(connection, relation, database);
        switch (state) {
          case "missing" -> missing.add(shown);
          case "unreadable" -> unreadable.add(shown);
          case "writable" -> writable.add(shown);
          default -> {}
        }
      }
      if (!writable.isEmpty()) {
        return new Doctor.Check(
            NAME,
            false,
            user
                + " can write production: "
                + ProjectChecks.shown(writable)
                + " (give it only USAGE and SELECT: "
                + GRANTS
                + ")");
      }
      if (!missing.isEmpty() || !unreadable.isEmpty()) {
        return new Doctor.Check(
            NAME,
            false,
            (missing.isEmpty() ? "" : "not in " + database + ": " + ProjectChecks.shown(missing))
                + (missing.isEmpty() || unreadable.isEmpty() ? "" : "; ")
                + (unreadable.isEmpty()
                    ? ""
                    : user
                        + " cannot read "
                        + ProjectChecks.shown(unreadable)
                        + " ("
                        + GRANTS
                        + ")"));
      }
      return new Doctor.Check(
          NAME,
          true,
          user
              + " may make its dev schemas in "
              + database
              + ", reads "
              + ProjectChecks.counted(sources, "source")
              + " and can write none");
    } catch (SQLException e) {
      return new Doctor.Check(NAME, false, "cannot connect as " + user + ": " + e.getMessage());
    }
  }

  private static List<ManifestNode> sources(Manifest manifest) {
    if (manifest == null) {
      return List.of();
    }
    return manifest.nodes().values().stream()
        .filter(node -> "source".equals(node.resourceType()) && node.relation() != null)
        .toList();
  }

  /** {@code missing}, {@code unreadable}, {@code writable} or {@code read-only}. */
  private static String state(Connection connection, Relation relation, String database)
      throws SQLException {
    if (relation.database() != null && !relation.database().equals(database)) {
      return "missing";
    }
    try (PreparedStatement check =
        connection.prepareStatement(
            "select c.oid is not null,"
                + " coalesce(has_table_privilege(c.oid, 'SELECT'), false),"
                + " coalesce(has_table_privilege(c.oid, 'INSERT, UPDATE, DELETE, TRUNCATE'), false)"
                + " from (select to_regclass(quote_ident(?) || '.' || quote_ident(?)) as oid) c")) {
      check.setString(1, relation.schema());
      check.setString(2, relation.identifier());
      try (ResultSet found = check.executeQuery()) {
        found.next();
        if (!found.getBoolean(1)) {
          return "missing";
        }
        if (found.getBoolean(3)) {
          return "writable";
        }
        return found.getBoolean(2) ? "read-only" : "unreadable";
      } finally {
        connection.rollback();
      }
    }
  }

  private static boolean privilege(Connection connection, String query) throws SQLException {
    try (PreparedStatement check = connection.prepareStatement(query);
        ResultSet found = check.executeQuery()) {
      return found.next() && found.getBoolean(1);
    }
  }
}
