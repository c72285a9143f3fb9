package io.pipelinemedic.kb.notion;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pipelinemedic.service.http.RetryingHttp;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
   * {@code POST /v1/data_sources/{id}/query} or {@code /v1/databases/{id}/query}, every page of
   * results, ordered by {@code last_edited_time}.
   */
  void query(String path, JsonNode filter, int pageSize, PageSink sink) throws IOException {
    paginate(
        cursor -> {
          ObjectNode body = JSON.createObjectNode().put("page_size", pageSize);
          body.putArray("sorts")
              .addObject()
              .put("timestamp", "last_edited_time")
              .put("direction", "ascending");
          if (filter != null) {
            body.set("filter", filter);
          }
          if (cursor != null) {
            body.put("start_cursor", cursor);
          }
          return read("POST", path, body.toString())
              .orElseThrow(() -> new IOException("Notion answered 404 to " + path));
        },
        sink);
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
