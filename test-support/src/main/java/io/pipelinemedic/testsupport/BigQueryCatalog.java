package io.pipelinemedic.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The datasets and tables of {@link BigQueryApi}'s project as BigQuery's REST API v2 shows them:
 * production's are the DuckDB file's schemas and tables, which the sandbox account may read but not
 * delete (403, as BigQuery's IAM answers); datasets made through the API ({@code datasets.insert})
 * hold the tables {@code CREATE TABLE … CLONE} makes in them. Answers as Google documents it,
 * awkward parts included: a list with nothing in it leaves its array out, a delete answers 204 with
 * no body, a dataset with tables is not deleted without {@code deleteContents}.
 */
final class BigQueryCatalog {

  /** An answer: the status and the body ({@code null} for none). */
  record Answer(int status, ObjectNode body) {}

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern CLONE =
      Pattern.compile(
          "(?is)\\s*CREATE\\s+TABLE\\s+(`[^`]+`(?:\\.`[^`]+`)*)\\s+CLONE\\s+(`[^`]+`(?:\\.`[^`]+`)*)\\s*");

  private final String project;
  private final Connection duckdb;
  private final Map<String, ObjectNode> datasets = new ConcurrentSkipListMap<>();
  private final Map<String, Map<String, ObjectNode>> tables = new ConcurrentSkipListMap<>();

  BigQueryCatalog(String project, Connection duckdb) {
    this.project = project;
    this.duckdb = duckdb;
  }

  /** {@code datasets.*} and {@code tables.get}: {@code rest} is the path after the project. */
  Answer handle(String method, String rest, String query, JsonNode body) throws SQLException {
    String[] parts = rest.split("/");
    // parts: "", "datasets"[, dataset[, "tables", table]]
    if (parts.length == 2 && method.equals("POST")) {
      return insert(body);
    }
    if (parts.length == 2 && method.equals("GET")) {
      return list();
    }
    if (parts.length == 3) {
      String dataset = parts[2];
      if (!exists(dataset)) {
        return notFound("Dataset " + project + ":" + dataset);
      }
      if (method.equals("GET")) {
        return new Answer(200, dataset(dataset));
      }
      if (method.equals("DELETE")) {
        boolean contents = query != null && query.contains("deleteContents=true");
        if (!contents && !tables.getOrDefault(dataset, Map.of()).isEmpty()) {
          return new Answer(
              400,
              BigQueryApi.error(
                  400,
                  "Dataset " + project + ":" + dataset + " is still in use",
                  "resourceInUse",
                  "FAILED_PRECONDITION"));
        }
        if (!datasets.containsKey(dataset)) {
          // production's: the sandbox account may read it, never delete it
          return new Answer(
              403,
              BigQueryApi.error(
                  403,
                  "Access Denied: Dataset "
                      + project
                      + ":"
                      + dataset
                      + ": Permission bigquery.datasets.delete denied on dataset",
                  "accessDenied",
                  "PERMISSION_DENIED"));
        }
        datasets.remove(dataset);
        tables.remove(dataset);
        return new Answer(204, null);
      }
    }
    if (parts.length == 5 && parts[3].equals("tables") && method.equals("GET")) {
      ObjectNode table = table(parts[2], parts[4]);
      return table == null
          ? notFound("Table " + project + ":" + parts[2] + "." + parts[4])
          : new Answer(200, table);
    }
    return notFound("URL /datasets" + rest);
  }

  /** Whether {@code sql} is a {@code CREATE TABLE … CLONE}, which {@link #clone} answers. */
  static boolean isClone(String sql) {
    return CLONE.matcher(sql).matches();
  }

  /** Runs a {@code CREATE TABLE … CLONE}; {@code null} when it worked, else the error. */
  Answer clone(String sql) throws SQLException {
    Matcher clone = CLONE.matcher(sql);
    if (!clone.matches()) {
      throw new IllegalArgumentException("not a CLONE: " + sql);
    }
    String[] target = names(clone.group(1));
    String[] source = names(clone.group(2));
    if (!exists(target[1])) {
      return notFound("Dataset " + target[0] + ":" + target[1] + " was not found in location US");
    }
    ObjectNode base = table(source[1], source[2]);
    if (base == null) {
      return notFound(
          "Table "
              + source[0]
              + ":"
              + source[1]
              + "."
              + source[2]
              + " was not found in location US");
    }
    if (table(target[1], target[2]) != null) {
      return new Answer(
          409,
          BigQueryApi.error(
              409,
              "Already Exists: Table " + target[0] + ":" + target[1] + "." + target[2],
              "duplicate",
              "ALREADY_EXISTS"));
    }
    ObjectNode table = tableResource(target[1], target[2]);
    table
        .putObject("cloneDefinition")
        .put("cloneTime", Instant.now().toString())
        .set("baseTableReference", base.get("tableReference").deepCopy());
    tables.computeIfAbsent(target[1], key -> new ConcurrentSkipListMap<>()).put(target[2], table);
    return null;
  }

  /** The tables made through the API in {@code dataset}, by name. */
  Map<String, ObjectNode> tables(String dataset) {
    return new TreeMap<>(tables.getOrDefault(dataset, Map.of()));
  }

  private Answer insert(JsonNode body) throws SQLException {
    String dataset = body.at("/datasetReference/datasetId").asText("");
    if (dataset.isEmpty()) {
      return new Answer(
          400, BigQueryApi.error(400, "Dataset id is required", "invalid", "INVALID_ARGUMENT"));
    }
    if (exists(dataset)) {
      return new Answer(
          409,
          BigQueryApi.error(
              409,
              "Already Exists: Dataset " + project + ":" + dataset,
              "duplicate",
              "ALREADY_EXISTS"));
    }
    ObjectNode resource = body.deepCopy();
    resource.put("kind", "bigquery#dataset");
    resource.put("id", project + ":" + dataset);
    resource.put("etag", "etag-" + dataset);
    resource.put(
        "selfLink",
        "https://bigquery.googleapis.com/bigquery/v2/projects/" + project + "/datasets/" + dataset);
    resource.put("creationTime", Long.toString(System.currentTimeMillis()));
    resource.put("lastModifiedTime", Long.toString(System.currentTimeMillis()));
    if (!resource.has("location")) {
      resource.put("location", "US");
    }
    resource.put("type", "DEFAULT");
    datasets.put(dataset, resource);
    return new Answer(200, resource);
  }

  private Answer list() throws SQLException {
    ObjectNode list = JSON.createObjectNode();
    list.put("kind", "bigquery#datasetList");
    list.put("etag", "etag-list");
    Map<String, ObjectNode> all = new TreeMap<>(datasets);
    try (Statement statement = duckdb.createStatement();
        ResultSet schemas =
            statement.executeQuery(
                "select distinct table_schema from information_schema.tables"
                    + " where table_catalog = current_database()")) {
      while (schemas.next()) {
        all.putIfAbsent(schemas.getString(1), dataset(schemas.getString(1)));
      }
    }
    if (!all.isEmpty()) {
      ArrayNode items = list.putArray("datasets");
      for (ObjectNode dataset : all.values()) {
        ObjectNode item = items.addObject();
        for (String field : new String[] {"kind", "id", "datasetReference", "labels", "location"}) {
          if (dataset.has(field)) {
            item.set(field, dataset.get(field));
          }
        }
      }
    }
    return new Answer(200, list);
  }

  private boolean exists(String dataset) throws SQLException {
    if (datasets.containsKey(dataset)) {
      return true;
    }
    try (PreparedStatement schema =
        duckdb.prepareStatement(
            "select 1 from information_schema.tables where table_schema = ? limit 1")) {
      schema.setString(1, dataset);
      try (ResultSet found = schema.executeQuery()) {
        return found.next();
      }
    }
  }

  private ObjectNode dataset(String dataset) {
    ObjectNode made = datasets.get(dataset);
    if (made != null) {
      return made;
    }
    ObjectNode resource = JSON.createObjectNode();
    resource.put("kind", "bigquery#dataset");
    resource.put("id", project + ":" + dataset);
    resource.putObject("datasetReference").put("datasetId", dataset).put("projectId", project);
    resource.put("location", "US");
    resource.put("type", "DEFAULT");
    return resource;
  }

  private ObjectNode table(String dataset, String name) throws SQLException {
    ObjectNode made = tables.getOrDefault(dataset, Map.of()).get(name);
    if (made != null) {
      return made;
    }
    try (PreparedStatement table =
        duckdb.prepareStatement(
            "select table_type from information_schema.tables"
                + " where table_schema = ? and table_name = ?")) {
      table.setString(1, dataset);
      table.setString(2, name);
      try (ResultSet found = table.executeQuery()) {
        if (!found.next()) {
          return null;
        }
        ObjectNode resource = tableResource(dataset, name);
        resource.put("type", found.getString(1).equals("VIEW") ? "VIEW" : "TABLE");
        return resource;
      }
    }
  }

  private ObjectNode tableResource(String dataset, String name) {
    ObjectNode table = JSON.createObjectNode();
    table.put("kind", "bigquery#table");
    table.put("etag", "etag-" + dataset + "." + name);
    table.put("id", project + ":" + dataset + "." + name);
    table
        .putObject("tableReference")
        .put("projectId", project)
        .put("datasetId", dataset)
        .put("tableId", name);
    table.put("creationTime", Long.toString(System.currentTimeMillis()));
    table.put("type", "TABLE");
    table.put("location", "US");
    return table;
  }

  private Answer notFound(String what) {
    return new Answer(404, BigQueryApi.error(404, "Not found: " + what, "notFound", "NOT_FOUND"));
  }

  /** {@code `a`.`b`.`c`} or {@code `a.b.c`} as its three names (the project first). */
  private String[] names(String quoted) {
    String[] names = quoted.replace("`", "").split("\\.");
    return names.length == 3 ? names : new String[] {project, names[0], names[names.length - 1]};
  }
}
