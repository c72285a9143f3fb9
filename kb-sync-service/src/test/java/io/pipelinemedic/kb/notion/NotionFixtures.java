package io.pipelinemedic.kb.notion;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Blocks and rich text shaped as {@code GET /v1/blocks/{id}/children} answers them (every field of
 * the SDK's {@code BlockObjectResponse} and {@code RichTextItemResponse}), and a page to render
 * them in, its nested blocks served from a map.
 */
final class NotionFixtures {

  private static final String PAGE = "59833787-2cf9-4fdf-8782-e53db20768a5";
  private static final String USER = "ee5f0f84-409a-440f-983a-a5315961c6e4";
  private static final Set<String> FLAGS =
      Set.of("bold", "italic", "strikethrough", "underline", "code");
  private static final String SIGNED =
      "https://prod-files-secure.s3.us-west-2.amazonaws.com/7b8b0713/%s?X-Amz-Algorithm="
          + "AWS4-HMAC-SHA256&X-Amz-Date=%s&X-Amz-Expires=3600&X-Amz-Signature=%s";

  private static final ObjectMapper JSON = new ObjectMapper();

  /** A page's nested blocks, by parent block id. */
  private final Map<String, List<JsonNode>> children = new HashMap<>();

  /** Serves {@code nested} as the children of {@code parent}. */
  void nest(JsonNode parent, JsonNode... nested) {
    children.put(parent.path("id").asText(), List.of(nested));
  }

  /** Serves {@code nested} as the children of the block {@code id} (a synced block's original). */
  void serve(String id, JsonNode... nested) {
    children.put(id, List.of(nested));
  }

  /** The markdown of a page of these top-level blocks. */
  String render(JsonNode... blocks) throws IOException {
    return new NotionMarkdown(id -> children.getOrDefault(id, List.of())).render(List.of(blocks));
  }

  /** The id of the n-th block of a test. */
  static String id(int n) {
    return "2b1c4f6e-93a0-4d1e-8c2f-%012d".formatted(n);
  }

  /**
   * A block: {@code content} is the JSON of its type's object; {@code has_children} is true when
   * the test serves children for it (call {@link #nest} on the result).
   */
  static JsonNode block(int n, String type, boolean hasChildren, String content) {
    return parse(
        """
        {
          "object": "block",
          "id": "%s",
          "parent": {"type": "page_id", "page_id": "%s"},
          "created_time": "2026-11-02T09:00:00.000Z",
          "created_by": {"object": "user", "id": "%s"},
          "last_edited_time": "2026-11-02T09:30:00.000Z",
          "last_edited_by": {"object": "user", "id": "%s"},
          "has_children": %s,
          "in_trash": false,
          "archived": false,
          "type": "%s",
          "%s": %s
        }"""
            .formatted(id(n), PAGE, USER, USER, hasChildren, type, type, content));
  }

  /** A text block's object (list item, quote, toggle): its rich text, default color. */
  static String textual(String... items) {
    return """
        {"rich_text": %s, "color": "default"}"""
        .formatted(richText(items));
  }

  /** A paragraph without children, its icon none. */
  static JsonNode paragraph(int n, String... items) {
    return paragraph(n, false, items);
  }

  /** A paragraph, its icon none. */
  static JsonNode paragraph(int n, boolean hasChildren, String... items) {
    return block(n, "paragraph", hasChildren, paragraphContent("null", items));
  }

  /** A paragraph's object: its rich text, icon (JSON) and default color. */
  static String paragraphContent(String icon, String... items) {
    return """
        {"rich_text": %s, "icon": %s, "color": "default"}"""
        .formatted(richText(items), icon);
  }

  /** A rich-text array. */
  static String richText(String... items) {
    return "[" + String.join(", ", items) + "]";
  }

  /** A text item; {@code styles} are annotations set to true, or a color. */
  static String text(String content, String... styles) {
    return link(content, null, styles);
  }

  /** A text item linking to {@code url}. */
  static String link(String content, String url, String... styles) {
    String link = url == null ? "null" : "{\"url\": " + quote(url) + "}";
    return """
        {"type": "text", "text": {"content": %s, "link": %s}, "annotations": %s, \
        "plain_text": %s, "href": %s}"""
        .formatted(quote(content), link, annotations(styles), quote(content), quote(url));
  }

  /** A mention item: {@code mention} is the JSON of the mention object. */
  static String mention(String mention, String plainText, String href, String... styles) {
    return """
        {"type": "mention", "mention": %s, "annotations": %s, "plain_text": %s, "href": %s}"""
        .formatted(mention, annotations(styles), quote(plainText), quote(href));
  }

  /** An inline equation item. */
  static String equation(String expression, String... styles) {
    return """
        {"type": "equation", "equation": {"expression": %s}, "annotations": %s, \
        "plain_text": %s, "href": null}"""
        .formatted(quote(expression), annotations(styles), quote(expression));
  }

  /** A heading's object. */
  static String heading(boolean toggleable, String... items) {
    return """
        {"rich_text": %s, "is_toggleable": %s, "color": "default"}"""
        .formatted(richText(items), toggleable);
  }

  /** A numbered list item's object; {@code start} and {@code format} only when not null. */
  static String numbered(String content, Integer start, String format) {
    return """
        {"rich_text": %s, "color": "default"%s%s}"""
        .formatted(
            richText(text(content)),
            start == null ? "" : ", \"list_start_index\": " + start,
            format == null ? "" : ", \"list_format\": \"" + format + "\"");
  }

  /** A to-do's object. */
  static String toDo(String content, boolean checked) {
    return """
        {"rich_text": %s, "checked": %s, "color": "default"}"""
        .formatted(richText(text(content)), checked);
  }

  /** A table row of cells, each a rich-text array. */
  static JsonNode row(int n, String... cells) {
    return block(n, "table_row", false, "{\"cells\": [" + String.join(", ", cells) + "]}");
  }

  /** A link_to_page object of {@code kind} page_id, database_id or comment_id. */
  static String linkTo(String kind, String id) {
    return """
        {"type": "%s", "%s": "%s"}"""
        .formatted(kind, kind, id);
  }

  /** A Notion-hosted file's object, its URL signed with {@code signature}. */
  static String hosted(String file, String signature, String caption, String name) {
    String url = SIGNED.formatted(file, "20261102T0930" + signature, signature.repeat(8));
    return """
        {"caption": %s, "type": "file", "file": {"url": %s, "expiry_time": "2026-11-02T10:30:00.000Z"}%s}"""
        .formatted(caption, quote(url), name == null ? "" : ", \"name\": " + quote(name));
  }

  private static String annotations(String... styles) {
    Set<String> set = Set.of(styles);
    String color =
        Arrays.stream(styles).filter(s -> !FLAGS.contains(s)).findFirst().orElse("default");
    return FLAGS.stream()
            .sorted()
            .map(flag -> quote(flag) + ": " + set.contains(flag))
            .collect(Collectors.joining(", ", "{", ", "))
        + "\"color\": "
        + quote(color)
        + "}";
  }

  /** A JSON string. */
  static String quote(String text) {
    try {
      return JSON.writeValueAsString(text);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
