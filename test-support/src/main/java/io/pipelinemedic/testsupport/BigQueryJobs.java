package io.pipelinemedic.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The query jobs of {@link BigQueryApi}, as BigQuery's REST API v2 shows them: each one done, with
 * the statement type BigQuery would report, kept for {@code jobs.get} (and a DDL job for {@code
 * jobs.getQueryResults}).
 */
final class BigQueryJobs {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String project;
  private static final Pattern COMMENTS = Pattern.compile("(?s)/\\*.*?\\*/|(--|#)[^\\n]*");
  private static final Pattern MORE_THAN_ONE = Pattern.compile(";\\s*\\S");
  private static final Pattern AS_SELECT =
      Pattern.compile("(?is)\\bAS\\s*\\(?\\s*(SELECT|WITH)\\b");

  private final Map<String, ObjectNode> jobs = new ConcurrentHashMap<>();
  private final Set<String> ddlJobs = ConcurrentHashMap.newKeySet();

  BigQueryJobs(String project) {
    this.project = project;
  }

  /** Whether a job {@code jobId} ran. */
  boolean has(String jobId) {
    return jobs.containsKey(jobId);
  }

  /** The job resource of {@code jobId}. */
  ObjectNode get(String jobId) {
    return jobs.get(jobId);
  }

  /**
   * {@code jobs.insert} of a dry run: the job it would be, kept nowhere.
   *
   * @throws SQLException for a statement BigQuery would not parse
   */
  ObjectNode dryRun(JsonNode request) throws SQLException {
    ObjectNode configuration = request.get("configuration").deepCopy();
    statementType(configuration.at("/query/query").asText());
    return job(newJobId(), configuration);
  }

  /** A job that ran {@code sql}, kept; its id. */
  String ran(String sql) throws SQLException {
    String jobId = newJobId();
    ObjectNode configuration = JSON.createObjectNode();
    configuration.putObject("query").put("query", sql);
    jobs.put(jobId, job(jobId, configuration));
    return jobId;
  }

  /**
   * {@code jobs.query}'s answer to a DDL statement: complete, with no schema, rows or row count
   * (BigQuery leaves them out), and the job kept.
   */
  ObjectNode ddl(String sql) throws SQLException {
    String jobId = ran(sql);
    ddlJobs.add(jobId);
    ObjectNode job = jobs.get(jobId);
    ((ObjectNode) job.at("/statistics/query")).put("ddlOperationPerformed", "CREATE");
    ObjectNode response = JSON.createObjectNode();
    response.put("kind", "bigquery#queryResponse");
    response.set("jobReference", job.get("jobReference").deepCopy());
    response.put("totalBytesProcessed", "0");
    response.put("jobComplete", true);
    response.put("cacheHit", false);
    response.put("queryId", "query_" + jobId);
    return response;
  }

  /** Whether {@code jobId} ran a DDL statement, whose results {@link #results} answers. */
  boolean ranDdl(String jobId) {
    return ddlJobs.contains(jobId);
  }

  /** {@code jobs.getQueryResults} of a finished DDL job: no rows, nothing to page. */
  ObjectNode results(String jobId) {
    ObjectNode response = JSON.createObjectNode();
    response.put("kind", "bigquery#getQueryResultsResponse");
    response.put("etag", "etag-" + jobId);
    response.set("jobReference", jobs.get(jobId).get("jobReference").deepCopy());
    response.put("totalRows", "0");
    response.put("totalBytesProcessed", "0");
    response.put("jobComplete", true);
    response.put("cacheHit", false);
    return response;
  }

  /**
   * The statement type BigQuery reports for {@code sql} (its documented values): {@code SCRIPT} for
   * more than one statement, else from the leading keywords, comments and parentheses skipped.
   *
   * @throws SQLException for a statement it would not parse
   */
  static String statementType(String sql) throws SQLException {
    String text = COMMENTS.matcher(sql).replaceAll(" ").strip();
    if (MORE_THAN_ONE.matcher(text).find()) {
      return "SCRIPT";
    }
    String[] words = text.replaceAll("^[(\\s]+", "").toUpperCase(Locale.ROOT).split("[\\s(]+");
    String object =
        Stream.of(words)
            .skip(1)
            .filter(
                word ->
                    !Set.of("OR", "REPLACE", "TEMP", "TEMPORARY", "IF", "NOT", "EXISTS")
                        .contains(word))
            .findFirst()
            .orElse("");
    return switch (words[0]) {
      case "SELECT", "WITH" -> "SELECT";
      case "INSERT", "UPDATE", "DELETE", "MERGE" -> words[0];
      case "TRUNCATE" -> "TRUNCATE_TABLE";
      case "CREATE" ->
          object.equals("TABLE") && AS_SELECT.matcher(text).find()
              ? "CREATE_TABLE_AS_SELECT"
              : "CREATE_" + object;
      case "DROP", "ALTER" -> words[0] + "_" + object;
      default -> throw new SQLException("Syntax error: Unexpected keyword " + words[0]);
    };
  }

  /** The job resource of a query job: done, with its statement type. */
  private ObjectNode job(String jobId, ObjectNode configuration) throws SQLException {
    String type = statementType(configuration.at("/query/query").asText());
    ObjectNode job = JSON.createObjectNode();
    job.put("kind", "bigquery#job");
    job.put("id", project + ":US." + jobId);
    job.putObject("jobReference")
        .put("projectId", project)
        .put("jobId", jobId)
        .put("location", "US");
    job.set("configuration", configuration.put("jobType", "QUERY"));
    job.putObject("status").put("state", "DONE");
    ObjectNode statistics = job.putObject("statistics");
    statistics.put("creationTime", Long.toString(System.currentTimeMillis()));
    statistics.put("totalBytesProcessed", "2048");
    statistics
        .putObject("query")
        .put("totalBytesProcessed", "2048")
        .put("totalBytesBilled", "0")
        .put("cacheHit", false)
        .put("statementType", type);
    return job;
  }

  private static String newJobId() {
    return "job_" + UUID.randomUUID().toString().replace("-", "");
  }
}
