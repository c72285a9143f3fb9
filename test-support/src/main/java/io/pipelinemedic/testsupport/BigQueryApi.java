package io.pipelinemedic.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.cloud.NoCredentials;
import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryOptions;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;
import org.duckdb.DuckDBDriver;

/**
 * A local server speaking the BigQuery REST API v2 as the Google client uses it: {@code
 * jobs.insert} for dry runs (the statement type from the statement's first keyword) and {@code
 * jobs.query} answered in one page or several ({@code maxResults}, {@code pageToken}, {@code
 * totalRows} as a string, rows as {@code {f: [{v}]}}), errors in Google's JSON error shape. Queries
 * run on a DuckDB file opened read-only, with BigQuery's backtick quoting turned into DuckDB's.
 */
public final class BigQueryApi implements AutoCloseable {

  /** One request as it arrived. */
  public record Request(String method, String path, JsonNode body) {}

  public static final String PROJECT = "shop-analytics";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final Map<String, ObjectNode> jobs = new ConcurrentHashMap<>();
  private final HttpServer server;
  private final Connection duckdb;

  private BigQueryApi(Path database) throws IOException, SQLException {
    Properties readOnly = new Properties();
    readOnly.setProperty("duckdb.read_only", "true");
    duckdb = new DuckDBDriver().connect("jdbc:duckdb:" + database, readOnly);
    try (Statement settings = duckdb.createStatement()) {
      settings.execute("SET enable_external_access = false");
    }
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/bigquery/v2/projects/", this::handle);
    server.start();
  }

  /** Serves {@code database}'s relations. */
  public static BigQueryApi start(Path database) throws SQLException {
    try {
      return new BigQueryApi(database);
    } catch (IOException e) {
      throw new SQLException("cannot start the local BigQuery API", e);
    }
  }

  /** The requests that arrived, in order. */
  public List<Request> requests() {
    return requests;
  }

  /** A Google client pointed at this server, without credentials. */
  public BigQuery client() {
    return BigQueryOptions.newBuilder()
        .setProjectId(PROJECT)
        .setHost("http://127.0.0.1:" + server.getAddress().getPort())
        .setCredentials(NoCredentials.getInstance())
        .build()
        .getService();
  }

  @Override
  public void close() throws SQLException {
    server.stop(0);
    duckdb.close();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      InputStream in = exchange.getRequestBody();
      if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
        in = new GZIPInputStream(in);
      }
      byte[] bytes = in.readAllBytes();
      JsonNode body = bytes.length == 0 ? JSON.createObjectNode() : JSON.readTree(bytes);
      requests.add(new Request(exchange.getRequestMethod(), path, body));
      String prefix = "/bigquery/v2/projects/" + PROJECT;
      if (path.equals(prefix + "/jobs") && body.at("/configuration/dryRun").asBoolean()) {
        send(exchange, 200, dryRun(body));
      } else if (path.startsWith(prefix + "/jobs/") && jobs.containsKey(lastSegment(path))) {
        send(exchange, 200, jobs.get(lastSegment(path)));
      } else if (path.equals(prefix + "/queries")) {
        try {
          send(exchange, 200, query(body));
        } catch (SQLException e) {
          send(exchange, 400, error(400, e.getMessage(), "invalidQuery", "INVALID_ARGUMENT"));
        }
      } else {
        send(exchange, 404, error(404, "Not found: " + path, "notFound", "NOT_FOUND"));
      }
    }
  }

  private ObjectNode dryRun(JsonNode request) {
    return job(newJobId(), request.get("configuration").deepCopy());
  }

  /** The job resource of a query job: done, with its statement type. */
  private static ObjectNode job(String jobId, ObjectNode configuration) {
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
    job.put("id", PROJECT + ":US." + jobId);
    job.putObject("jobReference")
        .put("projectId", PROJECT)
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

  /**
   * BigQuery's SQL as DuckDB reads it: each backtick-quoted name (with BigQuery's {@code \\`}
   * escape) becomes a double-quoted one, so a quote inside a name stays inside it, as it does in
   * BigQuery; string literals are copied as they are.
   */
  static String duckDbSql(String bigQuery) {
    StringBuilder sql = new StringBuilder();
    for (int i = 0; i < bigQuery.length(); i++) {
      char c = bigQuery.charAt(i);
      if (c == '`') {
        StringBuilder name = new StringBuilder();
        for (i++; i < bigQuery.length() && bigQuery.charAt(i) != '`'; i++) {
          if (bigQuery.charAt(i) == '\\' && i + 1 < bigQuery.length()) {
            i++;
          }
          name.append(bigQuery.charAt(i));
        }
        sql.append('"').append(name.toString().replace("\"", "\"\"")).append('"');
      } else if (c == '\'') {
        int end = i + 1;
        while (end < bigQuery.length() && bigQuery.charAt(end) != '\'') {
          end += bigQuery.charAt(end) == '\\' ? 2 : 1;
        }
        sql.append(bigQuery, i, Math.min(end + 1, bigQuery.length()));
        i = end;
      } else {
        sql.append(c);
      }
    }
    return sql.toString();
  }

  private ObjectNode query(JsonNode request) throws SQLException {
    String sql = duckDbSql(request.get("query").asText());
    int maxResults = request.path("maxResults").asInt(Integer.MAX_VALUE);
    ObjectNode response = JSON.createObjectNode();
    response.put("kind", "bigquery#queryResponse");
    try (Statement statement = duckdb.createStatement();
        ResultSet results = statement.executeQuery(sql)) {
      ResultSetMetaData meta = results.getMetaData();
      ArrayNode fields = response.putObject("schema").putArray("fields");
      for (int i = 1; i <= meta.getColumnCount(); i++) {
        fields
            .addObject()
            .put("name", meta.getColumnLabel(i))
            .put("type", type(meta.getColumnType(i)))
            .put("mode", "NULLABLE");
      }
      ArrayNode rows = response.putArray("rows");
      long total = 0;
      while (results.next()) {
        total++;
        if (rows.size() < maxResults) {
          ArrayNode cells = rows.addObject().putArray("f");
          for (int i = 1; i <= meta.getColumnCount(); i++) {
            Object value = results.getObject(i);
            ObjectNode cell = cells.addObject();
            if (value == null) {
              cell.putNull("v");
            } else {
              cell.put("v", value.toString());
            }
          }
        }
      }
      String jobId = newJobId();
      ObjectNode configuration = JSON.createObjectNode();
      configuration.putObject("query").put("query", request.get("query").asText());
      jobs.put(jobId, job(jobId, configuration));
      response
          .putObject("jobReference")
          .put("projectId", PROJECT)
          .put("jobId", jobId)
          .put("location", "US");
      response.put("totalRows", Long.toString(total));
      if (total > rows.size()) {
        response.put("pageToken", "page-2");
      }
      response.put("totalBytesProcessed", "2048");
      response.put("jobComplete", true);
      response.put("cacheHit", false);
      response.put("queryId", "query_" + jobId);
    }
    return response;
  }

  private static String newJobId() {
    return "job_" + UUID.randomUUID().toString().replace("-", "");
  }

  private static String lastSegment(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }

  private static String type(int sqlType) {
    return switch (sqlType) {
      case Types.BIGINT, Types.INTEGER, Types.SMALLINT, Types.TINYINT -> "INTEGER";
      case Types.DOUBLE, Types.FLOAT, Types.REAL -> "FLOAT";
      case Types.DECIMAL, Types.NUMERIC -> "NUMERIC";
      case Types.BOOLEAN -> "BOOLEAN";
      default -> "STRING";
    };
  }

  private static ObjectNode error(int code, String message, String reason, String status) {
    ObjectNode body = JSON.createObjectNode();
    ObjectNode error = body.putObject("error");
    error.put("code", code);
    error.put("message", message);
    error
        .putArray("errors")
        .addObject()
        .put("message", message)
        .put("domain", "global")
        .put("reason", reason);
    error.put("status", status);
    return body;
  }

  private static void send(HttpExchange exchange, int status, ObjectNode body) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    exchange.getResponseHeaders().set("Content-Type", "application/json; charset=UTF-8");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
