package io.pipelinemedic.classifier.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Every signature of the catalogue against a message of its kind, and what must not match. */
class TransientCatalogueTest {

  /** A real-shaped message per signature id; a signature without one fails the first test. */
  private static final Map<String, String> MESSAGES =
      new TreeMap<>(
          Map.ofEntries(
              Map.entry(
                  "transient.duckdb.lock",
                  "Runtime Error in model stg_fx_rates (models/staging/finance/stg_fx_rates.sql)\n"
                      + "  IO Error: Could not set lock on file \"warehouse/fx.duckdb\": Conflicting"
                      + " lock is held in /usr/bin/python3.11 (PID 23128)."),
              Map.entry(
                  "transient.duckdb.out_of_memory",
                  "Out of Memory Error: could not allocate block of size 256.0 KiB (1.5 GiB/1.5 GiB"
                      + " used)"),
              Map.entry(
                  "transient.postgres.lock",
                  "Database Error in model fct_orders\n  deadlock detected\n  DETAIL:  Process 4711"
                      + " waits for AccessExclusiveLock on relation 16384"),
              Map.entry(
                  "transient.postgres.timeout",
                  "Database Error in model fct_orders\n  canceling statement due to statement"
                      + " timeout"),
              Map.entry(
                  "transient.postgres.connection",
                  "Database Error\n  server closed the connection unexpectedly\n\tThis probably"
                      + " means the server terminated abnormally"),
              Map.entry(
                  "transient.snowflake.timeout",
                  "000630 (57014): Statement reached its statement or warehouse timeout of 3,600"
                      + " second(s) and was canceled."),
              Map.entry(
                  "transient.snowflake.lock",
                  "000625 (57014): Statement '01a2b3c4-0000' has locked table 'FCT_ORDERS' in"
                      + " transaction 1700000000 and this lock has not yet been released."),
              Map.entry(
                  "transient.snowflake.warehouse",
                  "000606 (57P03): Warehouse 'TRANSFORMING' cannot be resumed because resource"
                      + " monitor 'LIMIT' has exceeded its quota."),
              Map.entry(
                  "transient.bigquery.quota",
                  "403 Quota exceeded: Your project exceeded quota for concurrent queries."
                      + " reason: quotaExceeded"),
              Map.entry(
                  "transient.bigquery.resources",
                  "Resources exceeded during query execution: The query could not be executed in"
                      + " the allotted memory."),
              Map.entry(
                  "transient.any.timeout",
                  "Database Error\n  HTTPSConnectionPool(host='warehouse', port=443): Read timed"
                      + " out. (read timeout=300)"),
              Map.entry(
                  "transient.any.connection",
                  "Database Error\n  ('Connection aborted.', ConnectionResetError(104, 'Connection"
                      + " reset by peer'))"),
              Map.entry(
                  "infra.any.permission",
                  "Database Error in model stg_orders\n  permission denied for schema raw_shop"),
              Map.entry(
                  "infra.any.packages_not_installed",
                  "Runtime Error\n  dbt found 1 package(s) specified in packages.yml, but only 0"
                      + " package(s) installed in dbt_packages. Run \"dbt deps\" to install package"
                      + " dependencies."),
              Map.entry(
                  "infra.any.credentials",
                  "Database Error\n  FATAL:  password authentication failed for user"
                      + " \"dbt_prod\"")));

  @Test
  void everySignatureRecognisesItsMessageAndOnlyItsOwn() {
    assertThat(MESSAGES.keySet())
        .containsExactlyInAnyOrderElementsOf(
            TransientCatalogue.signatures().stream()
                .map(TransientCatalogue.Signature::id)
                .toList());
    MESSAGES.forEach(
        (id, message) ->
            assertThat(TransientCatalogue.match("error", message))
                .as(id)
                .get()
                .extracting(TransientCatalogue.Signature::id)
                .isEqualTo(id));
  }

  @Test
  void permissionsAndCredentialsAreInfrastructure() {
    assertThat(TransientCatalogue.match("error", MESSAGES.get("infra.any.permission")))
        .get()
        .extracting(TransientCatalogue.Signature::flavour)
        .isEqualTo(TransientCatalogue.Flavour.INFRA);
    assertThat(TransientCatalogue.match("error", MESSAGES.get("transient.duckdb.lock")))
        .get()
        .extracting(TransientCatalogue.Signature::flavour)
        .isEqualTo(TransientCatalogue.Flavour.TRANSIENT);
    // libpq's words for a refused password start as a lost connection's do
    assertThat(
            TransientCatalogue.match(
                "error",
                "Database Error\n  connection to server at \"db.internal\" (10.0.0.7), port 5432"
                    + " failed: FATAL:  password authentication failed for user \"dbt\""))
        .get()
        .extracting(TransientCatalogue.Signature::id)
        .isEqualTo("infra.any.credentials");
  }

  @Test
  void aPackageHubThatCannotBeReachedIsTransient() {
    assertThat(
            TransientCatalogue.match(
                "error",
                "HTTPSConnectionPool(host='hub.getdbt.com', port=443): Max retries exceeded with"
                    + " url: /api/v1/index.json (Caused by NewConnectionError('Failed to establish"
                    + " a new connection: [Errno -3] Temporary failure in name resolution'))"))
        .get()
        .extracting(TransientCatalogue.Signature::id)
        .isEqualTo("transient.any.connection");
  }

  @Test
  void codeAndDataProblemsAreNotTransient() {
    assertThat(
            TransientCatalogue.match(
                "error",
                "Runtime Error in model dim_customers (models/marts/dim_customers.sql)\n  Binder"
                    + " Error: Values list \"customers\" does not have a column named \"email\""))
        .isEmpty();
    assertThat(
            TransientCatalogue.match(
                "error",
                "Binder Error: Referenced column \"timeout_ms\" not found in FROM clause!"))
        .isEmpty();
    assertThat(TransientCatalogue.match("error", "Conversion Error: Could not convert string"))
        .isEmpty();
    assertThat(TransientCatalogue.match("fail", "Got 3 results, configured to fail if != 0"))
        .as("a failing test is about data, never transient")
        .isEmpty();
    assertThat(TransientCatalogue.match("fail", MESSAGES.get("transient.duckdb.lock")))
        .as("only errors are looked at")
        .isEmpty();
  }
}
