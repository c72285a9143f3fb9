package io.pipelinemedic.kb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local server speaking the Notion API as documented: {@code Authorization: Bearer} and {@code
 * Notion-Version} required; {@code GET /v1/databases/{id}} lists {@code data_sources} from version
 * 2025-09-03 on; {@code POST /v1/data_sources/{id}/query} (and the older {@code
 * /v1/databases/{id}/query}) filter on {@code last_edited_time}, sort, and paginate with {@code
 * start_cursor}/{@code next_cursor}, leaving trashed pages out; {@code GET
 * /v1/blocks/{id}/children} answers at most two blocks at a time, so that every reader paginates.
 * As Notion does: every page carries every property of the schema, empty ones {@code null} or
 * {@code []}; a query returns at most {@code resultLimit} results, then {@code has_more} is false
 * and {@code request_status} says incomplete; a wiki's data source objects come among the results
 * unless {@code result_type} is {@code page}; a Notion-hosted file's URL is signed anew on every
 * fetch. Scripted faults (429 or 529 with {@code Retry-After}) are served before real answers.
 */
public final class NotionApi implements QuarkusTestResourceLifecycleManager {

  static final String TOKEN = "ntn_test_integration_token";
  static final String DATABASE = "248104cd-477e-80fd-b757-e945d38000bd";
  static final String DATA_SOURCE = "248104cd-477e-80af-bc30-000bd28de8f9";
  static final ObjectMapper JSON = new ObjectMapper();

  private static final int CHILDREN_PER_ANSWER = 2;
  private static final Pattern QUERY =
      Pattern.compile("/v1/(data_sources|databases)/([^/]+)/query");
  private static final Pattern CHILDREN = Pattern.compile("/v1/blocks/([^/]+)/children");
  private static HttpServer server;

  private static final Map<String, ObjectNode> PAGES = new ConcurrentHashMap<>();
  private static final Map<String, List<ObjectNode>> CHILD_BLOCKS = new ConcurrentHashMap<>();
  private static final Deque<int[]> FAULTS = new ArrayDeque<>();

  /** Data source objects a wiki's query lists among its pages unless asked for pages only. */
  static final List<ObjectNode> DATA_SOURCE_RESULTS = new CopyOnWriteArrayList<>();

  /** The most results one query returns (Notion's is 10,000); then it says it is incomplete. */
  static volatile int resultLimit = 10_000;

  static final List<Request> REQUESTS = new CopyOnWriteArrayList<>();

  /**
   * A request the server received.
   *
   * @param method HTTP method
   * @param path path and query
   * @param version the {@code Notion-Version} header
   * @param body the request body
   * @param status the status answered
   * @param nanos when it arrived ({@link System#nanoTime()})
   */
  record Request(
      String method, String path, String version, JsonNode body, int status, long nanos) {}

  @Override
  public Map<String, String> start() {
    try {
      if (server == null) {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", NotionApi::handle);
        server.start();
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return Map.of(
        "medic.kb.notion.base-url", "http://127.0.0.1:" + server.getAddress().getPort(),
        "medic.kb.notion.token", TOKEN,
        "medic.kb.notion.database-id", DATABASE);
  }

  @Override
  public void stop() {
    // shared by the test classes of the JVM
  }

  /** Adds or replaces a page of the database, with its top-level blocks. */
  static void putPage(ObjectNode page, List<ObjectNode> blocks) {
    PAGES.put(page.path("id").asText(), page);
    CHILD_BLOCKS.put(page.path("id").asText(), blocks);
  }

  /** Gives {@code block} nested children. */
  static ObjectNode withChildren(ObjectNode block, ObjectNode... children) {
    block.put("has_children", true);
    CHILD_BLOCKS.put(block.path("id").asText(), List.of(children));
    return block;
  }

  /** Deletes a page for good (not trashed: gone from every listing); the page. */
  static ObjectNode removePage(String id) {
    CHILD_BLOCKS.remove(id);
    return PAGES.remove(id);
  }

  static ObjectNode page(String id) {
    return PAGES.get(id);
  }

  /** The next requests are answered with {@code status} and {@code Retry-After: seconds}. */
  static synchronized void failNext(int status, int retryAfterSeconds) {
    FAULTS.add(new int[] {status, retryAfterSeconds});
  }

  /** A page object as the API returns it. */
  static ObjectNode newPage(String title, Instant lastEdited, Map<String, ObjectNode> properties) {
    String id = UUID.randomUUID().toString();
    ObjectNode page = JSON.createObjectNode().put("object", "page").put("id", id);
    page.put("created_time", lastEdited.minusSeconds(86_400).toString());
    page.put("last_edited_time", lastEdited.toString());
    page.putObject("created_by").put("object", "user").put("id", UUID.randomUUID().toString());
    page.putObject("last_edited_by").put("object", "user").put("id", UUID.randomUUID().toString());
    page.putNull("cover");
    page.putNull("icon");
    page.putObject("parent")
        .put("type", "data_source_id")
        .put("data_source_id", DATA_SOURCE)
        .put("database_id", DATABASE);
    page.put("archived", false).put("in_trash", false).put("is_locked", false);
    ObjectNode props = page.putObject("properties");
    SCHEMA.forEach(
        (property, type) ->
            props.set(property, properties.getOrDefault(property, empty(property, type))));
    properties.forEach(props::set);
    ((ObjectNode) props.path("Name")).set("title", richText(title));
    page.put(
        "url",
        "https://www.notion.so/" + title.replaceAll("\\W+", "-") + "-" + id.replace("-", ""));
    page.putNull("public_url");
    return page;
  }

  /**
   * The data source's schema, in the order its properties come back: every page carries every
   * property, an empty one as {@code null}, {@code []} or {@code false}.
   */
  private static final Map<String, String> SCHEMA = new LinkedHashMap<>();

  static {
    SCHEMA.put("Name", "title");
    SCHEMA.put("Class", "select");
    SCHEMA.put("Tests", "multi_select");
    SCHEMA.put("Node", "rich_text");
    SCHEMA.put("Message", "rich_text");
    SCHEMA.put("Owner", "people");
    SCHEMA.put("Owner email", "email");
    SCHEMA.put("Recipe", "rich_text");
    SCHEMA.put("Reviewed", "checkbox");
    SCHEMA.put("Last review", "date");
  }

  /** A property of {@code type} as Notion returns it when it holds nothing. */
  private static ObjectNode empty(String name, String type) {
    ObjectNode property =
        JSON.createObjectNode().put("id", name.toLowerCase().replace(' ', '_')).put("type", type);
    switch (type) {
      case "title", "rich_text", "multi_select", "people" -> property.putArray(type);
      case "checkbox" -> property.put(type, false);
      default -> property.putNull(type);
    }
    return property;
  }

  static ObjectNode select(String name) {
    ObjectNode property = JSON.createObjectNode().put("id", "cls").put("type", "select");
    property.putObject("select").put("id", "opt1").put("name", name).put("color", "red");
    return property;
  }

  static ObjectNode multiSelect(String... names) {
    ObjectNode property = JSON.createObjectNode().put("id", "tst").put("type", "multi_select");
    ArrayNode options = property.putArray("multi_select");
    for (String name : names) {
      options.addObject().put("id", "o-" + name).put("name", name).put("color", "blue");
    }
    return property;
  }

  static ObjectNode text(String content) {
    ObjectNode property = JSON.createObjectNode().put("id", "txt").put("type", "rich_text");
    property.set("rich_text", content == null ? JSON.createArrayNode() : richText(content));
    return property;
  }

  static ObjectNode email(String address) {
    return JSON.createObjectNode().put("id", "eml").put("type", "email").put("email", address);
  }

  static ObjectNode person(String name, String address) {
    ObjectNode property = JSON.createObjectNode().put("id", "own").put("type", "people");
    ObjectNode user = property.putArray("people").addObject();
    user.put("object", "user").put("id", UUID.randomUUID().toString()).put("name", name);
    user.putNull("avatar_url");
    user.put("type", "person").putObject("person").put("email", address);
    return property;
  }

  /**
   * A people property as an integration without the user-information capability sees it: a user as
   * {@code {object, id}} only, then a group with its name.
   */
  static ObjectNode bareUserAndGroup(String groupName) {
    ObjectNode property = JSON.createObjectNode().put("id", "own").put("type", "people");
    ArrayNode people = property.putArray("people");
    people.addObject().put("object", "user").put("id", UUID.randomUUID().toString());
    people
        .addObject()
        .put("object", "group")
        .put("id", UUID.randomUUID().toString())
        .put("name", groupName);
    return property;
  }

  static ObjectNode checkbox(boolean checked) {
    return JSON.createObjectNode()
        .put("id", "chk")
        .put("type", "checkbox")
        .put("checkbox", checked);
  }

  /** A rich-text array of plain segments. */
  static ArrayNode richText(String... segments) {
    ArrayNode items = JSON.createArrayNode();
    for (String segment : segments) {
      items.add(segment(segment, null, false, false, false));
    }
    return items;
  }

  /** One rich-text item with annotations and an optional link. */
  static ObjectNode segment(
      String content, String href, boolean bold, boolean italic, boolean code) {
    ObjectNode item = JSON.createObjectNode().put("type", "text");
    ObjectNode text = item.putObject("text").put("content", content);
    if (href == null) {
      text.putNull("link");
    } else {
      text.putObject("link").put("url", href);
    }
    item.putObject("annotations")
        .put("bold", bold)
        .put("italic", italic)
        .put("strikethrough", false)
        .put("underline", false)
        .put("code", code)
        .put("color", "default");
    item.put("plain_text", content);
    if (href == null) {
      item.putNull("href");
    } else {
      item.put("href", href);
    }
    return item;
  }

  /** A block of {@code type} whose type object is {@code data}. */
  static ObjectNode block(String type, ObjectNode data) {
    ObjectNode block = JSON.createObjectNode().put("object", "block");
    block.put("id", UUID.randomUUID().toString());
    block.put("created_time", "2026-10-01T09:00:00.000Z");
    block.put("last_edited_time", "2026-10-01T09:00:00.000Z");
    block.put("has_children", false).put("archived", false).put("in_trash", false);
    block.put("type", type);
    block.set(type, data);
    return block;
  }

  /** A text block (paragraph, heading, list item, quote, toggle) of rich text. */
  static ObjectNode textBlock(String type, ArrayNode richText) {
    ObjectNode data = JSON.createObjectNode();
    data.set("rich_text", richText);
    data.put("color", "default");
    return block(type, data);
  }

  private static void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      String path = exchange.getRequestURI().getRawPath();
      String query = exchange.getRequestURI().getRawQuery();
      String version = exchange.getRequestHeaders().getFirst("Notion-Version");
      byte[] raw = exchange.getRequestBody().readAllBytes();
      JsonNode body = raw.length == 0 ? JSON.createObjectNode() : JSON.readTree(raw);
      long arrived = System.nanoTime();
      int[] fault;
      synchronized (NotionApi.class) {
        fault = FAULTS.poll();
      }
      Answer answer;
      if (!("Bearer " + TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
        answer = error(401, "unauthorized", "API token is invalid.");
      } else if (version == null) {
        answer = error(400, "missing_version", "Notion-Version header failed validation.");
      } else if (fault != null) {
        exchange.getResponseHeaders().add("Retry-After", String.valueOf(fault[1]));
        answer =
            fault[0] == 429
                ? error(429, "rate_limited", "You have been rate limited. Please try again later.")
                : error(fault[0], "service_unavailable", "Notion is unavailable.");
      } else {
        answer = route(method, path, query, version, body);
      }
      REQUESTS.add(
          new Request(
              method,
              path + (query == null ? "" : "?" + query),
              version,
              body,
              answer.status,
              arrived));
      byte[] bytes = JSON.writeValueAsBytes(answer.body);
      exchange.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
      exchange.sendResponseHeaders(answer.status, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  private record Answer(int status, JsonNode body) {}

  private static Answer route(
      String method, String path, String query, String version, JsonNode body) {
    boolean dataSources = version.compareTo("2025-09-03") >= 0;
    if (method.equals("GET") && path.equals("/v1/databases/" + DATABASE)) {
      ObjectNode database = JSON.createObjectNode().put("object", "database").put("id", DATABASE);
      database.set("title", richText("Pipeline Medic KB"));
      if (dataSources) {
        database
            .putArray("data_sources")
            .addObject()
            .put("id", DATA_SOURCE)
            .put("name", "Pipeline Medic KB");
      } else {
        database.putObject("properties");
      }
      return new Answer(200, database);
    }
    Matcher queryPath = QUERY.matcher(path);
    if (method.equals("POST") && queryPath.matches()) {
      boolean asked = queryPath.group(1).equals("data_sources");
      String id = queryPath.group(2);
      if (asked != dataSources || !id.equals(asked ? DATA_SOURCE : DATABASE)) {
        return error(
            400, "invalid_request_url", "Invalid request URL for Notion-Version " + version + ".");
      }
      return query(body);
    }
    Matcher children = CHILDREN.matcher(path);
    if (method.equals("GET") && children.matches()) {
      return children(children.group(1), query);
    }
    return error(400, "invalid_request_url", "Invalid request URL.");
  }

  private static Answer query(JsonNode body) {
    int pageSize = body.path("page_size").asInt(100);
    if (pageSize < 1 || pageSize > 100) {
      return error(400, "validation_error", "body.page_size should be ≤ `100`.");
    }
    List<ObjectNode> matched = new ArrayList<>();
    for (ObjectNode page : PAGES.values()) {
      if (!page.path("in_trash").asBoolean() && matches(page, body.path("filter"))) {
        matched.add(page);
      }
    }
    if (!body.path("result_type").asText().equals("page")) {
      matched.addAll(DATA_SOURCE_RESULTS);
    }
    String timestamp = body.path("sorts").path(0).path("timestamp").asText("created_time");
    matched.sort(
        Comparator.comparing((ObjectNode result) -> result.path(timestamp).asText())
            .thenComparing(result -> result.path("id").asText()));
    boolean capped = matched.size() > resultLimit;
    if (capped) {
      matched = new ArrayList<>(matched.subList(0, resultLimit));
    }
    ObjectNode answer =
        list(matched, body.path("start_cursor").asText(null), pageSize, "page_or_data_source");
    if (capped) {
      answer
          .putObject("request_status")
          .put("type", "incomplete")
          .put("incomplete_reason", "query_result_limit_reached");
    }
    return new Answer(200, answer);
  }

  /** Whether {@code page} passes {@code filter}: {@code and} and time stamp conditions. */
  private static boolean matches(ObjectNode page, JsonNode filter) {
    if (filter.has("and")) {
      for (JsonNode condition : filter.path("and")) {
        if (!matches(page, condition)) {
          return false;
        }
      }
      return true;
    }
    String timestamp = filter.path("timestamp").asText(null);
    if (timestamp == null) {
      return true;
    }
    String after = filter.path(timestamp).path("on_or_after").asText(null);
    return after == null
        || !Instant.parse(page.path(timestamp).asText()).isBefore(Instant.parse(after));
  }

  private static Answer children(String blockId, String query) {
    List<ObjectNode> blocks = CHILD_BLOCKS.get(blockId);
    if (blocks == null) {
      return error(404, "object_not_found", "Could not find block with ID: " + blockId + ".");
    }
    String cursor = null;
    if (query != null) {
      for (String parameter : query.split("&")) {
        if (parameter.startsWith("start_cursor=")) {
          cursor = parameter.substring("start_cursor=".length());
        }
      }
    }
    List<ObjectNode> signed = blocks.stream().map(NotionApi::freshlySigned).toList();
    return new Answer(200, list(signed, cursor, CHILDREN_PER_ANSWER, "block"));
  }

  /**
   * The block as this request sees it: a Notion-hosted file's URL is signed anew on every fetch and
   * expires within the hour.
   */
  private static ObjectNode freshlySigned(ObjectNode block) {
    JsonNode data = block.path(block.path("type").asText());
    if (!data.path("type").asText().equals("file")) {
      return block;
    }
    ObjectNode copy = block.deepCopy();
    ((ObjectNode) copy.path(block.path("type").asText()).path("file"))
        .put(
            "url",
            "https://prod-files-secure.s3.us-west-2.amazonaws.com/"
                + block.path("id").asText()
                + "/runbook.png?X-Amz-Signature="
                + UUID.randomUUID()
                + "&X-Amz-Expires=3600")
        .put("expiry_time", Instant.now().plusSeconds(3600).toString());
    return copy;
  }

  /** A Notion-hosted image block with {@code caption}. */
  static ObjectNode hostedImage(String caption) {
    ObjectNode data = JSON.createObjectNode();
    data.set("caption", richText(caption));
    data.put("type", "file");
    data.putObject("file").put("url", "signed per request").put("expiry_time", "");
    return block("image", data);
  }

  /** A paginated list; the cursor is the id of the first item of the next page, as Notion's. */
  private static ObjectNode list(List<ObjectNode> items, String cursor, int size, String type) {
    int start = 0;
    if (cursor != null) {
      for (int i = 0; i < items.size(); i++) {
        if (items.get(i).path("id").asText().equals(cursor)) {
          start = i;
        }
      }
    }
    int end = Math.min(items.size(), start + size);
    ObjectNode answer = JSON.createObjectNode().put("object", "list");
    ArrayNode results = answer.putArray("results");
    items.subList(start, end).forEach(results::add);
    if (end < items.size()) {
      answer.put("next_cursor", items.get(end).path("id").asText()).put("has_more", true);
    } else {
      answer.putNull("next_cursor").put("has_more", false);
    }
    answer.put("type", type);
    answer.putObject(type);
    answer.putNull("request_id");
    return answer;
  }

  private static Answer error(int status, String code, String message) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("object", "error");
    body.put("status", status);
    body.put("code", code);
    body.put("message", message);
    body.put("request_id", UUID.randomUUID().toString());
    return new Answer(status, JSON.valueToTree(body));
  }
}
