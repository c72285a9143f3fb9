package io.pipelinemedic.classifier.rules;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Error signatures of conditions that pass by themselves (timeouts, quota and resource limits, lost
 * connections, lock conflicts) or that belong to the platform team (permissions and credentials, a
 * job that runs dbt without its packages: the INFRA flavour), per adapter. A match means no code
 * change is proposed. Only errors are looked at: a failing test is never transient.
 */
public final class TransientCatalogue {

  /** Whether a condition passes by itself, or needs the platform team. */
  public enum Flavour {
    /** The next run passes: nothing to do, or a re-run. */
    TRANSIENT,
    /** Access is broken: the platform team fixes it, not the dbt project. */
    INFRA
  }

  /**
   * One known signature.
   *
   * @param id taxonomy id, e.g. {@code transient.duckdb.lock}
   * @param adapter the adapter whose messages it knows, or {@code any}
   * @param flavour transient or infra
   * @param pattern case-insensitive expression found in the message
   * @param reason one sentence for the report
   */
  public record Signature(
      String id, String adapter, Flavour flavour, Pattern pattern, String reason) {}

  private static final List<Signature> SIGNATURES =
      List.of(
          transientOne(
              "transient.duckdb.lock",
              "duckdb",
              "Could not set lock on file|Conflicting lock is held",
              "another process held the DuckDB file's lock while the job ran"),
          transientOne(
              "transient.duckdb.out_of_memory",
              "duckdb",
              "Out of Memory Error",
              "DuckDB ran out of memory"),
          transientOne(
              "transient.postgres.lock",
              "postgres",
              "deadlock detected|could not obtain lock on|canceling statement due to lock timeout",
              "a lock conflict with another transaction in PostgreSQL"),
          transientOne(
              "transient.postgres.timeout",
              "postgres",
              "canceling statement due to statement timeout",
              "PostgreSQL cancelled the statement at its timeout"),
          transientOne(
              "transient.postgres.connection",
              "postgres",
              "server closed the connection unexpectedly|could not connect to server"
                  + "|connection to server (at|on socket) [^\\n]{0,200}failed: (Connection refused"
                  + "|Connection timed out|timeout expired|No route to host|Network is unreachable"
                  + "|server closed the connection)"
                  + "|terminating connection due to administrator command|SSL SYSCALL error",
              "the connection to PostgreSQL was lost"),
          transientOne(
              "transient.snowflake.timeout",
              "snowflake",
              "Statement reached its statement or warehouse timeout",
              "the Snowflake warehouse timed the statement out"),
          transientOne(
              "transient.snowflake.lock",
              "snowflake",
              "Number of waiters for this lock exceeds|Statement '[^']*' has locked table",
              "a lock conflict with another Snowflake statement"),
          transientOne(
              "transient.snowflake.warehouse",
              "snowflake",
              "Warehouse '[^']*' (cannot be resumed|was unable to resume)|Your free trial has ended",
              "the Snowflake warehouse was not available"),
          transientOne(
              "transient.bigquery.quota",
              "bigquery",
              "rateLimitExceeded|quotaExceeded|Exceeded rate limits|Quota exceeded"
                  + "|too many concurrent queries",
              "a BigQuery quota or rate limit was reached"),
          transientOne(
              "transient.bigquery.resources",
              "bigquery",
              "Resources exceeded during query execution|backendError|internalError"
                  + "|503 Service Unavailable",
              "BigQuery had a backend or resource problem"),
          transientOne(
              "transient.any.timeout",
              "any",
              "\\btimed out\\b|\\btimeout (expired|exceeded|of \\d+)|read timeout",
              "the warehouse did not answer in time"),
          transientOne(
              "transient.any.connection",
              "any",
              "connection (reset|refused|aborted|closed|lost)|broken pipe"
                  + "|temporary failure in name resolution",
              "the connection to the warehouse was lost"),
          infra(
              "infra.any.permission",
              "any",
              "permission denied|access denied|insufficient privileges|not authorized"
                  + "|does not have [\\w.]+ permission|User does not have permission",
              "the job's credentials lack a permission"),
          infra(
              "infra.any.packages_not_installed",
              "any",
              "package\\(s\\) specified in packages\\.yml, but only \\d+ package\\(s\\) installed",
              "the job ran dbt without installing the project's packages first (dbt deps)"),
          infra(
              "infra.any.credentials",
              "any",
              "password authentication failed|authentication failed|invalid credentials"
                  + "|Incorrect username or password|JWT token is invalid|invalid_grant"
                  + "|401 Unauthorized",
              "the job's credentials were refused"));

  private TransientCatalogue() {}

  /** Every signature, in the order they are tried: specific adapters first. */
  public static List<Signature> signatures() {
    return SIGNATURES;
  }

  /** The signature of an error message, if it is a known transient or infrastructure one. */
  public static Optional<Signature> match(String status, String message) {
    if (message == null || !"error".equalsIgnoreCase(status)) {
      return Optional.empty();
    }
    return SIGNATURES.stream().filter(s -> s.pattern().matcher(message).find()).findFirst();
  }

  private static Signature transientOne(String id, String adapter, String regex, String reason) {
    return new Signature(id, adapter, Flavour.TRANSIENT, compile(regex), reason);
  }

  private static Signature infra(String id, String adapter, String regex, String reason) {
    return new Signature(id, adapter, Flavour.INFRA, compile(regex), reason);
  }

  private static Pattern compile(String regex) {
    return Pattern.compile(regex, Pattern.CASE_INSENSITIVE);
  }
}
