package io.pipelinemedic.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The query jobs of {@link BigQueryApi}, as BigQuery's REST API v2 shows them: each one done, with
 * its statement type (from the statement's first keyword), kept for {@code jobs.get} and {@code
 * jobs.getQueryResults}.
 */
final class BigQueryJobs {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String project;
  private final Map<String, ObjectNode> jobs = new ConcurrentHashMap<>();

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

  /** {@code jobs.insert} of a dry run: the job it would be, kept nowhere. */
  ObjectNode dryRun(JsonNode request) {
    return job(newJobId(), request.get("configuration").deepCopy());
  }

  /** A job that ran {@code sql}, kept; its id. */
  String ran(String sql) {
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
  ObjectNode ddl(String sql) {
    String jobId = ran(sql);
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

  /** {@code jobs.getQueryResults} of a finished job with no rows to page. */
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

  /** The job resource of a query job: done, with its statement type. */
  private ObjectNode job(String jobId, ObjectNode configuration) {
    String sql = configuration.at("/query/query").asText();
    String keyword = sql.strip().split("\\s+")[0].toUpperCase(Locale.ROOT);
    String type =
        switch (keyword) {
          case "SELECT", "WITH" -> "SELECT";
          case "CREATE" -> "CREATE_TABLE";
          default -> keyword;
        };
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
