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
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;
import org.duckdb.DuckDBDriver;

/**
 * A local server speaking the BigQuery REST API v2 as the Google client uses it: {@code
 * jobs.insert} for dry runs (the statement type from the statement's first keyword) and {@code
 * jobs.query} answered in one page or several ({@code maxResults}, {@code pageToken}, {@code
 * totalRows} as a string, rows as {@code {f: [{v}]}}), errors in Google's JSON error shape. Queries
 * run on a DuckDB file opened read-only, with BigQuery's backtick quoting turned into DuckDB's;
 * datasets, tables and {@code CREATE TABLE … CLONE} are {@link BigQueryCatalog}'s.
 */
public final class BigQueryApi implements AutoCloseable {

  /** One request as it arrived. */
  public record Request(String method, String path, JsonNode body) {}

  public static final String PROJECT = "shop-analytics";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final BigQueryJobs jobs = new BigQueryJobs(PROJECT);
  private final HttpServer server;
  private final Connection duckdb;
  private final BigQueryCatalog catalog;

  private BigQueryApi(Path database) throws IOException, SQLException {
    Properties readOnly = new Properties();
    readOnly.setProperty("duckdb.read_only", "true");
    duckdb = new DuckDBDriver().connect("jdbc:duckdb:" + database, readOnly);
    try (Statement settings = duckdb.createStatement()) {
      settings.execute("SET enable_external_access = false");
    }
    catalog = new BigQueryCatalog(PROJECT, duckdb);
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
      try {
        route(exchange, path, body);
      } catch (SQLException e) {
        send(exchange, 500, error(500, e.getMessage(), "backendError", "INTERNAL"));
      }
    }
  }

  private void route(HttpExchange exchange, String path, JsonNode body)
      throws IOException, SQLException {
    String prefix = "/bigquery/v2/projects/" + PROJECT;
    String sql = body.path("query").asText(body.at("/configuration/query/query").asText(""));
    if (path.startsWith(prefix + "/datasets")) {
      BigQueryCatalog.Answer answer =
          catalog.handle(
              exchange.getRequestMethod(),
              path.substring(prefix.length()),
              exchange.getRequestURI().getQuery(),
              body);
      send(exchange, answer.status(), answer.body());
    } else if (path.equals(prefix + "/jobs") && body.at("/configuration/dryRun").asBoolean()) {
      try {
        send(exchange, 200, jobs.dryRun(body));
      } catch (SQLException e) {
        send(exchange, 400, error(400, e.getMessage(), "invalidQuery", "INVALID_ARGUMENT"));
      }
    } else if (path.equals(prefix + "/queries") && BigQueryCatalog.isClone(sql)) {
      BigQueryCatalog.Answer failed = catalog.clone(sql);
      send(
          exchange,
          failed == null ? 200 : failed.status(),
          failed == null ? jobs.ddl(sql) : failed.body());
    } else if (path.startsWith(prefix + "/jobs/") && jobs.has(lastSegment(path))) {
      send(exchange, 200, jobs.get(lastSegment(path)));
    } else if (path.equals(prefix + "/queries")) {
      try {
        send(exchange, 200, query(body));
      } catch (SQLException e) {
        send(exchange, 400, error(400, e.getMessage(), "invalidQuery", "INVALID_ARGUMENT"));
      }
    } else if (path.startsWith(prefix + "/queries/") && jobs.ranDdl(lastSegment(path))) {
      send(exchange, 200, jobs.results(lastSegment(path)));
    } else {
      send(exchange, 404, error(404, "Not found: " + path, "notFound", "NOT_FOUND"));
    }
  }

  /** The tables {@code CREATE TABLE … CLONE} made in {@code dataset}, by name. */
  public Map<String, JsonNode> clonedTables(String dataset) {
    return Map.copyOf(catalog.tables(dataset));
  }

  /**
   * BigQuery's SQL as DuckDB reads it: each backtick-quoted name (with BigQuery's {@code \\`}
   * escape) becomes a double-quoted one, so a quote inside a name stays inside it, as it does in
   * BigQuery, and the project before a dataset is dropped (its tables are the file's); each string
   * literal, single- or double-quoted with backslash escapes in BigQuery, becomes DuckDB's
   * single-quoted one with the same value.
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
        if (name.toString().equals(PROJECT)
            && i + 1 < bigQuery.length()
            && bigQuery.charAt(i + 1) == '.') {
          i++; // the project's own tables are the DuckDB file's: `project`.`dataset`.`table`
        } else {
          sql.append('"').append(name.toString().replace("\"", "\"\"")).append('"');
        }
      } else if (c == '\'' || c == '"') {
        StringBuilder value = new StringBuilder();
        for (i++; i < bigQuery.length() && bigQuery.charAt(i) != c; i++) {
          if (bigQuery.charAt(i) == '\\' && i + 1 < bigQuery.length()) {
            i++;
          }
          value.append(bigQuery.charAt(i));
        }
        sql.append('\'').append(value.toString().replace("'", "''")).append('\'');
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
      String jobId = jobs.ran(request.get("query").asText());
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

  static ObjectNode error(int code, String message, String reason, String status) {
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
    if (body == null) {
      exchange.sendResponseHeaders(status, -1);
      return;
    }
    byte[] bytes = JSON.writeValueAsBytes(body);
    exchange.getResponseHeaders().set("Content-Type", "application/json; charset=UTF-8");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
