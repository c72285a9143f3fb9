package io.pipelinemedic.dbt;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The dev profiles field by field against the adapters' own profile fields: dbt-bigquery's {@code
 * BigQueryCredentials} (with its aliases {@code project} and {@code dataset}), dbt-postgres's
 * {@code PostgresCredentials}, dbt-snowflake's {@code SnowflakeCredentials} and dbt-databricks's
 * {@code DatabricksCredentials}, which refuse a field they do not know and a value of the wrong
 * kind.
 */
class DevProfileTest {

  /** dbt-bigquery's profile fields, as its {@code BigQueryCredentials} declares them. */
  private static final Set<String> BIGQUERY_FIELDS =
      Set.of(
          "type",
          "threads",
          "method",
          "project",
          "database",
          "dataset",
          "schema",
          "execution_project",
          "quota_project",
          "location",
          "priority",
          "maximum_bytes_billed",
          "impersonate_service_account",
          "job_retry_deadline_seconds",
          "job_retries",
          "job_creation_timeout_seconds",
          "job_execution_timeout_seconds",
          "keyfile",
          "keyfile_json",
          "token",
          "refresh_token",
          "client_id",
          "client_secret",
          "token_uri",
          "dataproc_region",
          "dataproc_cluster_name",
          "gcs_bucket",
          "dataproc_batch",
          "scopes");

  /** dbt-postgres's profile fields, as its {@code PostgresCredentials} declares them. */
  private static final Set<String> POSTGRES_FIELDS =
      Set.of(
          "type",
          "threads",
          "host",
          "user",
          "port",
          "password",
          "dbname",
          "database",
          "schema",
          "connect_timeout",
          "role",
          "search_path",
          "keepalives_idle",
          "sslmode",
          "sslcert",
          "sslkey",
          "sslrootcert",
          "application_name",
          "retries");

  @Test
  void aBigQueryProfileHasOnlyDbtBigQuerysFieldsEachOfItsKind() {
    Map<String, Object> oauth =
        output(
            DevProfile.bigquery(
                "shop", "medic", "shop-analytics", "medic_x_1a2b3c4d", "EU", null, 5_000_000_000L));
    Map<String, Object> keyed =
        output(DevProfile.bigquery("shop", "medic", "p", "d", null, Path.of("/k/sa.json"), 1L));

    for (Map<String, Object> output : java.util.List.of(oauth, keyed)) {
      assertThat(BIGQUERY_FIELDS).containsAll(output.keySet());
      assertThat(output)
          .containsEntry("type", "bigquery")
          .containsKeys("method", "project", "dataset");
      assertThat(output.get("threads")).isInstanceOf(Integer.class);
      assertThat(output.get("job_retries")).isInstanceOf(Integer.class);
      assertThat(output.get("job_execution_timeout_seconds")).isInstanceOf(Integer.class);
      assertThat(output.get("priority")).isIn("interactive", "batch");
      assertThat(output.get("method"))
          .isIn("oauth", "oauth-secrets", "service-account", "service-account-json");
    }
    assertThat(oauth)
        .containsEntry("method", "oauth")
        .containsEntry("project", "shop-analytics")
        .containsEntry("dataset", "medic_x_1a2b3c4d")
        .containsEntry("location", "EU")
        .containsEntry("maximum_bytes_billed", 5_000_000_000L)
        .doesNotContainKey("keyfile");
    assertThat(keyed)
        .containsEntry("method", "service-account")
        .containsEntry("keyfile", "/k/sa.json")
        .doesNotContainKey("location");
  }

  @Test
  void aPostgresProfileHasOnlyDbtPostgressFieldsAndNoPassword() {
    Map<String, Object> output =
        output(
            DevProfile.postgres(
                "shop",
                "medic",
                "db.internal",
                5432,
                "warehouse",
                "medic_sandbox",
                "DBT_ENV_SECRET_MEDIC_DEV_PASSWORD",
                "medic_x_1a2b3c4d"));

    assertThat(POSTGRES_FIELDS).containsAll(output.keySet());
    assertThat(output)
        .containsEntry("type", "postgres")
        .containsEntry("port", 5432)
        .containsEntry("dbname", "warehouse")
        .containsEntry("schema", "medic_x_1a2b3c4d")
        .containsEntry("password", "{{ env_var('DBT_ENV_SECRET_MEDIC_DEV_PASSWORD', '') }}");
  }

  /** dbt-snowflake's profile fields, as its {@code SnowflakeCredentials} declares them. */
  private static final Set<String> SNOWFLAKE_FIELDS =
      Set.of(
          "type",
          "threads",
          "account",
          "user",
          "database",
          "schema",
          "warehouse",
          "role",
          "password",
          "authenticator",
          "private_key",
          "private_key_path",
          "private_key_passphrase",
          "token",
          "oauth_client_id",
          "oauth_client_secret",
          "query_tag",
          "client_session_keep_alive",
          "host",
          "port",
          "proxy_host",
          "proxy_port",
          "protocol",
          "connect_retries",
          "connect_timeout",
          "retry_on_database_errors",
          "retry_all",
          "insecure_mode",
          "reuse_connections");

  /** dbt-databricks's profile fields, as its {@code DatabricksCredentials} declares them. */
  private static final Set<String> DATABRICKS_FIELDS =
      Set.of(
          "type",
          "threads",
          "database",
          "catalog",
          "schema",
          "host",
          "http_path",
          "token",
          "client_id",
          "client_secret",
          "oauth_redirect_url",
          "oauth_scopes",
          "session_properties",
          "connection_parameters",
          "auth_type",
          "compute",
          "connect_retries",
          "connect_timeout",
          "retry_all",
          "connect_max_idle");

  @Test
  void aSnowflakeProfileHasOnlyDbtSnowflakesFields() {
    Map<String, Object> password =
        output(
            DevProfile.snowflake(
                "shop",
                "medic",
                "acme-prod",
                "MEDIC",
                "MEDIC_SANDBOX",
                "MEDIC_WH",
                "ANALYTICS",
                "medic_x_1a2b3c4d",
                null,
                "DBT_ENV_SECRET_P"));
    Map<String, Object> keyed =
        output(
            DevProfile.snowflake(
                "shop", "medic", "a", "u", "r", "w", "d", "s", Path.of("/k/rsa.p8"), "V"));

    for (Map<String, Object> output : java.util.List.of(password, keyed)) {
      assertThat(SNOWFLAKE_FIELDS).containsAll(output.keySet());
      assertThat(output)
          .containsEntry("type", "snowflake")
          .containsKeys("account", "user", "database", "schema")
          .containsEntry("client_session_keep_alive", false)
          .containsEntry("query_tag", "pipeline-medic");
      assertThat(output.get("threads")).isInstanceOf(Integer.class);
    }
    assertThat(password)
        .containsEntry("password", "{{ env_var('DBT_ENV_SECRET_P', '') }}")
        .doesNotContainKey("private_key_path");
    assertThat(keyed).containsEntry("private_key_path", "/k/rsa.p8").doesNotContainKey("password");
  }

  @Test
  void aDatabricksProfileHasOnlyDbtDatabricksFields() {
    Map<String, Object> output =
        output(
            DevProfile.databricks(
                "shop",
                "medic",
                "dbc-1.cloud.databricks.com",
                "/sql/1.0/warehouses/ab",
                "main",
                "medic_x_1a2b3c4d",
                "DBT_ENV_SECRET_T"));

    assertThat(DATABRICKS_FIELDS).containsAll(output.keySet());
    assertThat(output)
        .containsEntry("type", "databricks")
        .containsEntry("catalog", "main")
        .containsEntry("http_path", "/sql/1.0/warehouses/ab")
        .containsEntry("token", "{{ env_var('DBT_ENV_SECRET_T', '') }}");
  }

  @Test
  void aNameCannotBreakOutOfItsScalar() {
    Map<String, Object> output =
        output(
            DevProfile.bigquery("shop", "medic", "p'\n      keyfile: /etc/x", "d", null, null, 1L));

    assertThat(output).doesNotContainKey("keyfile").containsEntry("method", "oauth");
    assertThat((String) output.get("project")).startsWith("p'").contains("keyfile: /etc/x");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> output(String profile) {
    Map<String, Object> yaml = new Yaml().load(profile);
    assertThat(yaml).hasSize(1);
    Map<String, Object> only = (Map<String, Object>) yaml.values().iterator().next();
    assertThat(only).containsEntry("target", "medic");
    Map<String, Object> outputs = (Map<String, Object>) only.get("outputs");
    assertThat(outputs).containsOnlyKeys("medic");
    return (Map<String, Object>) outputs.get("medic");
  }
}
