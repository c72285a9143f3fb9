package io.pipelinemedic.runner.warehouse;

import io.pipelinemedic.dbt.DevProfile;
import io.pipelinemedic.schemas.model.Relation;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * The dev areas of a team on Databricks: a schema per group in the Unity Catalog {@code catalog},
 * made and owned by the sandbox principal, which may read production ({@code USE} and {@code
 * SELECT}) and own its schemas; an incremental model's Delta table is a {@code SHALLOW CLONE} (no
 * data copied). Written and unit-tested, never run against a live workspace: the runner ships no
 * Databricks JDBC driver, so {@code medic.runner.warehouse} does not offer it yet.
 *
 * @param host the workspace's host ({@code dbc-….cloud.databricks.com})
 * @param httpPath the SQL warehouse's HTTP path
 * @param catalog the catalog of the dev schemas
 * @param token the sandbox principal's token (a secret), or {@code null}
 */
public record DatabricksDevAreas(String host, String httpPath, String catalog, String token)
    implements SchemaWarehouse {

  /** Anything but a dev schema ({@code medic_…}, whatever its case) of {@code catalog}. */
  @Override
  public boolean isProduction(Relation relation) {
    return !((relation.database() == null || fold(relation.database()).equals(fold(catalog)))
        && fold(relation.schema()).startsWith(DevAreas.PREFIX));
  }

  @Override
  public String fold(String name) {
    return name.toLowerCase(Locale.ROOT);
  }

  @Override
  public String sql(Relation relation) {
    return relation.joined(DatabricksDevAreas::quote);
  }

  @Override
  public String createSchema(String schema) {
    return "create schema if not exists "
        + quote(catalog)
        + "."
        + quote(schema)
        + " comment 'Pipeline Medic dev area'";
  }

  @Override
  public String copy(Relation production, Relation dev) {
    return "create table " + sql(dev) + " shallow clone " + sql(production);
  }

  @Override
  public String dropSchema(String schema) {
    return "drop schema if exists " + quote(catalog) + "." + quote(schema) + " cascade";
  }

  @Override
  public String schemasOf() {
    return "select schema_name from "
        + quote(catalog)
        + ".information_schema.schemata where schema_owner = current_user()"
        + " and (schema_name = ? or schema_name like ? escape '!')";
  }

  @Override
  public String profile(String profile, String target, String schema) {
    return DevProfile.databricks(
        profile, target, host, httpPath, catalog, schema, PASSWORD_VARIABLE);
  }

  @Override
  public Map<String, String> environment() {
    return token == null ? Map.of() : Map.of(PASSWORD_VARIABLE, token);
  }

  @Override
  public List<Path> readOnly() {
    return List.of();
  }

  /** The settings without the token. */
  @Override
  public String toString() {
    return "DatabricksDevAreas[" + host + httpPath + ", " + catalog + "]";
  }

  @Override
  public Connection write() throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("AuthMech", "3");
    properties.setProperty("UID", "token");
    if (token != null) {
      properties.setProperty("PWD", token);
    }
    return DriverManager.getConnection(
        "jdbc:databricks://" + host + ":443/default;transportMode=http;ssl=1;httpPath=" + httpPath,
        properties);
  }

  /** A backtick-quoted name, its backticks doubled. */
  static String quote(String name) {
    return "`" + name.replace("`", "``") + "`";
  }
}
