package io.pipelinemedic.dbt;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * The {@code profiles.yml} Pipeline Medic runs a team's project with: the profile its {@code
 * dbt_project.yml} names, with one dev target and nothing else (DuckDB with other databases
 * attached read-only; a dev schema on PostgreSQL, Snowflake or Databricks; a BigQuery dev dataset).
 */
public final class DevProfile {

  private DevProfile() {}

  /** The profile {@code dbt_project.yml} names. */
  public static String profileName(Path project) throws IOException {
    Object dbtProject;
    try {
      dbtProject =
          new Yaml(new LoaderOptions())
              .load(Files.readString(project.resolve("dbt_project.yml"), StandardCharsets.UTF_8));
    } catch (YAMLException e) {
      throw new IOException("dbt_project.yml is not valid YAML: " + e.getMessage(), e);
    }
    Object profile = dbtProject instanceof Map<?, ?> map ? map.get("profile") : null;
    if (!(profile instanceof String name) || name.isBlank()) {
      throw new IOException("dbt_project.yml names no profile");
    }
    return name;
  }

  /**
   * The profile {@code profile} with the one DuckDB target {@code target} on {@code database};
   * attachments whose file does not exist are left out (a project that reads one fails in its
   * build, and says so).
   */
  public static String duckdb(
      String profile, String target, Path database, Map<String, Path> attachments) {
    StringBuilder yaml =
        new StringBuilder(header(profile, target, "duckdb"))
            .append(field("path", database.toAbsolutePath().toString()))
            .append("      threads: 2\n");
    Map<String, Path> existing = new TreeMap<>(attachments);
    existing.values().removeIf(path -> !Files.exists(path));
    if (!existing.isEmpty()) {
      yaml.append("      attach:\n");
      existing.forEach(
          (alias, path) ->
              yaml.append("        - path: ")
                  .append(quoted(path.toAbsolutePath().toString()))
                  .append("\n          alias: ")
                  .append(quoted(alias))
                  .append("\n          read_only: true\n"));
    }
    return yaml.toString();
  }

  /**
   * The profile {@code profile} with the one PostgreSQL target {@code target}: {@code schema} (the
   * dev area's; dbt makes its custom schemas with it as their prefix) in {@code database}, as
   * {@code user}, whose password dbt reads from the variable {@code passwordVariable}, never from
   * the file.
   */
  public static String postgres(
      String profile,
      String target,
      String host,
      int port,
      String database,
      String user,
      String passwordVariable,
      String schema) {
    return header(profile, target, "postgres")
        + field("host", host)
        + "      port: "
        + port
        + "\n"
        + field("dbname", database)
        + field("user", user)
        + secret("password", passwordVariable)
        + field("schema", schema)
        + "      threads: 2\n";
  }

  /**
   * The profile {@code profile} with the one BigQuery target {@code target}: {@code dataset} (the
   * dev area's; dbt makes the project's custom datasets with it as their prefix) in {@code
   * project}, as the service account of {@code keyfile} ({@code method: service-account}) or,
   * without one, the environment's own credentials ({@code method: oauth}: application default
   * credentials, a workload identity); every query capped at {@code maximumBytesBilled}.
   */
  public static String bigquery(
      String profile,
      String target,
      String project,
      String dataset,
      String location,
      Path keyfile,
      long maximumBytesBilled) {
    return header(profile, target, "bigquery")
        + (keyfile == null
            ? "      method: oauth\n"
            : "      method: service-account\n"
                + field("keyfile", keyfile.toAbsolutePath().toString()))
        + field("project", project)
        + field("dataset", dataset)
        + (location == null ? "" : field("location", location))
        + "      priority: interactive\n      maximum_bytes_billed: "
        + maximumBytesBilled
        + "\n      job_execution_timeout_seconds: 600\n      job_retries: 1\n      threads: 2\n";
  }

  /**
   * The profile {@code profile} with the one Snowflake target {@code target}: {@code schema} (the
   * dev area's) in {@code database}, as {@code user} in {@code role} on {@code warehouse}, signed
   * in with the private key {@code privateKey} or, without one, the password dbt reads from the
   * variable {@code passwordVariable}; its queries tagged {@code pipeline-medic}.
   */
  public static String snowflake(
      String profile,
      String target,
      String account,
      String user,
      String role,
      String warehouse,
      String database,
      String schema,
      Path privateKey,
      String passwordVariable) {
    return header(profile, target, "snowflake")
        + field("account", account)
        + field("user", user)
        + field("role", role)
        + field("warehouse", warehouse)
        + field("database", database)
        + field("schema", schema)
        + (privateKey == null
            ? secret("password", passwordVariable)
            : field("private_key_path", privateKey.toAbsolutePath().toString()))
        + "      query_tag: pipeline-medic\n      client_session_keep_alive: false\n"
        + "      connect_retries: 1\n      threads: 2\n";
  }

  /**
   * The profile {@code profile} with the one Databricks target {@code target}: {@code schema} (the
   * dev area's) in the Unity Catalog {@code catalog}, on the SQL warehouse at {@code httpPath} of
   * {@code host}, with the token dbt reads from the variable {@code tokenVariable}.
   */
  public static String databricks(
      String profile,
      String target,
      String host,
      String httpPath,
      String catalog,
      String schema,
      String tokenVariable) {
    return header(profile, target, "databricks")
        + field("host", host)
        + field("http_path", httpPath)
        + field("catalog", catalog)
        + field("schema", schema)
        + secret("token", tokenVariable)
        + "      connect_retries: 1\n      threads: 2\n";
  }

  private static String header(String profile, String target, String type) {
    return quoted(profile)
        + ":\n  target: "
        + target
        + "\n  outputs:\n    "
        + target
        + ":\n      type: "
        + type
        + "\n";
  }

  private static String field(String name, String value) {
    return "      " + name + ": " + quoted(value) + "\n";
  }

  /** A field dbt reads from the variable {@code variable}: the secret is never in the file. */
  private static String secret(String name, String variable) {
    return "      " + name + ": \"{{ env_var('" + variable + "', '') }}\"\n";
  }

  /** A YAML single-quoted scalar: nothing in it is read as YAML syntax. */
  private static String quoted(String value) {
    return "'" + value.replace("'", "''") + "'";
  }
}
