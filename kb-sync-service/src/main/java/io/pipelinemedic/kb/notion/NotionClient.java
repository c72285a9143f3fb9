package io.pipelinemedic.kb.notion;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pipelinemedic.service.http.RetryingHttp;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The few Notion API calls a KB mirror needs, with its pagination: a database, the query of a data
 * source (or of the database itself before API version 2025-09-03), and a block's children.
 */
final class NotionClient {

  /** Receives the results of one page of a paginated answer. */
  interface PageSink {
    void accept(List<JsonNode> results) throws IOException;
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private final RetryingHttp http;
  private final URI base;
  private final Map<String, String> headers;

  NotionClient(RetryingHttp http, URI base, String token, String version) {
    this.http = http;
    this.base = base;
    this.headers = Map.of("Authorization", "Bearer " + token, "Notion-Version", version);
  }

  /** {@code GET /v1/databases/{id}}. */
  JsonNode database(String databaseId) throws IOException {
    return read("GET", "/v1/databases/" + databaseId, null)
        .orElseThrow(() -> new IOException("Notion database " + databaseId + " not found"));
  }

  /**
   * {@code POST /v1/data_sources/{id}/query} or {@code /v1/databases/{id}/query}: every page that
   * matches {@code filter}, ordered by {@code timestamp} ({@code created_time} or {@code
   * last_edited_time}), each once. Notion stops one query at 10,000 results ({@code has_more}
   * false, {@code request_status} incomplete); the listing then goes on with a new query from the
   * last {@code timestamp} read, until one ends complete. Only page objects are handed on (a wiki's
   * data source lists its child data sources too, unless asked for pages only).
   *
   * @return whether every matching page was read; false only when a new query could not get past
   *     the limit (more than 10,000 pages with the same {@code timestamp})
   */
  boolean query(String path, JsonNode filter, String timestamp, int pageSize, PageSink sink)
      throws IOException {
    Set<String> seen = new HashSet<>();
    String from = null;
    while (true) {
      JsonNode window = from == null ? filter : and(filter, since(timestamp, from));
      boolean[] complete = {true};
      String[] last = {null};
      int[] fresh = {0};
      paginate(
          cursor -> {
            JsonNode answer =
                read("POST", path, queryBody(path, window, timestamp, pageSize, cursor))
                    .orElseThrow(() -> new IOException("Notion answered 404 to " + path));
            if (answer.path("request_status").path("type").asText().equals("incomplete")) {
              complete[0] = false;
            }
            return answer;
          },
          results -> {
            List<JsonNode> pages = new ArrayList<>();
            for (JsonNode result : results) {
              if (result.path("object").asText().equals("page")) {
                last[0] = result.path(timestamp).asText(last[0]);
                if (seen.add(result.path("id").asText())) {
                  pages.add(result);
                }
              }
            }
            fresh[0] += pages.size();
            sink.accept(pages);
          });
      if (complete[0]) {
        return true;
      }
      if (fresh[0] == 0 || last[0] == null || last[0].equals(from)) {
        return false;
      }
      from = last[0];
    }
  }

  private static String queryBody(
      String path, JsonNode filter, String timestamp, int pageSize, String cursor) {
    ObjectNode body = JSON.createObjectNode().put("page_size", pageSize);
    body.putArray("sorts").addObject().put("timestamp", timestamp).put("direction", "ascending");
    if (path.startsWith("/v1/data_sources/")) {
      body.put("result_type", "page");
    }
    if (filter != null) {
      body.set("filter", filter);
    }
    if (cursor != null) {
      body.put("start_cursor", cursor);
    }
    return body.toString();
  }

  /** A timestamp filter: {@code timestamp} on or after {@code instant}. */
  static ObjectNode since(String timestamp, String instant) {
    ObjectNode filter = JSON.createObjectNode().put("timestamp", timestamp);
    filter.putObject(timestamp).put("on_or_after", instant);
    return filter;
  }

  private static JsonNode and(JsonNode filter, JsonNode other) {
    if (filter == null) {
      return other;
    }
    ObjectNode both = JSON.createObjectNode();
    both.putArray("and").add(filter).add(other);
    return both;
  }

  /** Every child block of {@code blockId}, one level; none when the block is gone (404). */
  List<JsonNode> children(String blockId) throws IOException {
    List<JsonNode> blocks = new ArrayList<>();
    paginate(
        cursor ->
            read(
                    "GET",
                    "/v1/blocks/"
                        + blockId
                        + "/children?page_size=100"
                        + (cursor == null ? "" : "&start_cursor=" + cursor),
                    null)
                .orElse(null),
        blocks::addAll);
    return blocks;
  }

  /** One page of a paginated answer, or null when there is nothing (404). */
  private interface PageRequest {
    JsonNode page(String cursor) throws IOException;
  }

  /**
   * Follows {@code next_cursor} until {@code has_more} is false, handing each page's results on.
   */
  private static void paginate(PageRequest request, PageSink sink) throws IOException {
    String cursor = null;
    do {
      JsonNode answer = request.page(cursor);
      if (answer == null) {
        return;
      }
      sink.accept(list(answer.path("results")));
      cursor = answer.path("has_more").asBoolean() ? answer.path("next_cursor").asText(null) : null;
    } while (cursor != null);
  }

  private Optional<JsonNode> read(String method, String path, String body) throws IOException {
    URI uri = base.resolve(path);
    Optional<InputStream> answer =
        method.equals("GET") ? http.get(uri, headers) : http.postJson(uri, headers, body);
    if (answer.isEmpty()) {
      return Optional.empty();
    }
    try (InputStream in = answer.get()) {
      return Optional.of(JSON.readTree(in));
    }
  }

  private static List<JsonNode> list(JsonNode array) {
    List<JsonNode> items = new ArrayList<>();
    array.forEach(items::add);
    return items;
  }
}
