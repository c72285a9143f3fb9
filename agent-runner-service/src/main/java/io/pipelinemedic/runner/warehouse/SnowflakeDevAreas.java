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
import java.util.regex.Pattern;

/**
 * The dev areas of a team on Snowflake: a transient schema per group (no Time Travel or Fail-safe
 * storage) in {@code database}, made and owned by the sandbox role, which may read production and
 * own its schemas; an incremental model's table is a zero-copy {@code CLONE}. Written and
 * unit-tested, never run against a live account: the runner ships no Snowflake JDBC driver, so
 * {@code medic.runner.warehouse} does not offer it yet.
 *
 * @param account the account identifier ({@code <org>-<account>})
 * @param user the sandbox user
 * @param role its role
 * @param warehouse the virtual warehouse its queries run on
 * @param database the database of the dev schemas
 * @param privateKey the user's private key file (key-pair sign-in), or {@code null}
 * @param password its password when there is no key (a secret), or {@code null}
 */
public record SnowflakeDevAreas(
    String account,
    String user,
    String role,
    String warehouse,
    String database,
    Path privateKey,
    String password)
    implements SchemaWarehouse {

  private static final Pattern UNQUOTED = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]{0,254}");

  /** Anything but a dev schema ({@code MEDIC_…}, whatever its case) of {@code database}. */
  @Override
  public boolean isProduction(Relation relation) {
    return !((relation.database() == null || fold(relation.database()).equals(fold(database)))
        && fold(relation.schema()).startsWith(fold(DevAreas.PREFIX)));
  }

  @Override
  public String fold(String name) {
    return name.toUpperCase(Locale.ROOT);
  }

  @Override
  public String createSchema(String schema) {
    return "create transient schema if not exists "
        + name(database)
        + "."
        + name(schema)
        + " data_retention_time_in_days = 0 comment = 'Pipeline Medic dev area'";
  }

  @Override
  public String copy(Relation production, Relation dev) {
    return "create table " + sql(dev) + " clone " + sql(production);
  }

  @Override
  public String dropSchema(String schema) {
    return "drop schema if exists "
        + name(database)
        + ".\""
        + schema.replace("\"", "\"\"")
        + "\" cascade";
  }

  @Override
  public String schemasOf() {
    return "select schema_name from "
        + name(database)
        + ".information_schema.schemata where schema_owner = current_role()"
        + " and (schema_name = upper(?) or schema_name like upper(?) escape '!')";
  }

  @Override
  public String profile(String profile, String target, String schema) {
    return DevProfile.snowflake(
        profile,
        target,
        account,
        user,
        role,
        warehouse,
        database,
        schema,
        privateKey,
        PASSWORD_VARIABLE);
  }

  @Override
  public Map<String, String> environment() {
    return password == null ? Map.of() : Map.of(PASSWORD_VARIABLE, password);
  }

  @Override
  public List<Path> readOnly() {
    return privateKey == null ? List.of() : List.of(privateKey);
  }

  /** The settings without the password. */
  @Override
  public String toString() {
    return "SnowflakeDevAreas[" + user + "@" + account + "/" + database + " as " + role + "]";
  }

  @Override
  public Connection write() throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", user);
    properties.setProperty("role", role);
    properties.setProperty("warehouse", warehouse);
    properties.setProperty("db", database);
    if (privateKey != null) {
      properties.setProperty("private_key_file", privateKey.toString());
    } else if (password != null) {
      properties.setProperty("password", password);
    }
    properties.setProperty("query_tag", "pipeline-medic");
    return DriverManager.getConnection(
        "jdbc:snowflake://" + account + ".snowflakecomputing.com/", properties);
  }

  /** {@code database.schema.table}, each an unquoted name, as dbt-snowflake writes them. */
  @Override
  public String sql(Relation relation) {
    return relation.joined(SnowflakeDevAreas::name);
  }

  /**
   * A name unquoted, as dbt-snowflake leaves names by default (Snowflake reads it upper case); one
   * that would need quotes is refused rather than quoted into another object's name.
   */
  static String name(String name) {
    if (!UNQUOTED.matcher(name).matches()) {
      throw new IllegalArgumentException(name + " is not a plain Snowflake name");
    }
    return name;
  }
}
