package io.pipelinemedic.kb.notion;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/**
 * Renders Notion blocks as markdown: paragraphs, headings, bulleted, numbered and to-do lists with
 * their nesting, toggles, quotes, callouts, code with its language, dividers, tables, child pages
 * and page links; rich text with bold, italic, strikethrough, inline code and links. A block type
 * it does not render leaves an HTML comment naming it, so nothing disappears unnoticed.
 */
final class NotionMarkdown {

  /** Fetches the children of a block that {@code has_children}. */
  interface Children {
    List<JsonNode> of(String blockId) throws IOException;
  }

  private static final Set<String> LIST_ITEMS =
      Set.of("bulleted_list_item", "numbered_list_item", "to_do");
  private static final String NOTION = "https://www.notion.so/";

  private final Children children;

  NotionMarkdown(Children children) {
    this.children = children;
  }

  /** The markdown of a page's top-level blocks and everything nested in them. */
  String render(List<JsonNode> blocks) throws IOException {
    StringBuilder out = new StringBuilder();
    String previous = null;
    int number = 0;
    for (JsonNode block : blocks) {
      String type = block.path("type").asText();
      number = type.equals("numbered_list_item") && type.equals(previous) ? number + 1 : 1;
      String markdown = block(block, type, number);
      if (markdown.isEmpty()) {
        continue;
      }
      if (!out.isEmpty()) {
        out.append(LIST_ITEMS.contains(type) && type.equals(previous) ? "\n" : "\n\n");
      }
      out.append(markdown);
      previous = type;
    }
    return out.toString();
  }

  private String block(JsonNode block, String type, int number) throws IOException {
    JsonNode data = block.path(type);
    String text = richText(data.path("rich_text"));
    return switch (type) {
      case "paragraph" -> text.isBlank() ? nested(block, "") : join(text, nested(block, ""));
      case "heading_1", "heading_2", "heading_3" ->
          join(
              "#".repeat(Integer.parseInt(type.substring("heading_".length()))) + " " + text,
              nested(block, ""));
      case "bulleted_list_item" -> item("- " + text, block, "  ");
      case "numbered_list_item" -> item(number + ". " + text, block, "   ");
      case "to_do" ->
          item("- [" + (data.path("checked").asBoolean() ? "x" : " ") + "] " + text, block, "  ");
      case "toggle" ->
          "<details>\n<summary>" + text + "</summary>\n\n" + nested(block, "") + "\n\n</details>";
      case "quote" -> prefixed(join(text, nested(block, "")), "> ");
      case "callout" -> prefixed(join(icon(data) + text, nested(block, "")), "> ");
      case "code" -> code(data);
      case "divider" -> "---";
      case "table" -> table(block, data);
      case "child_page" ->
          "[" + data.path("title").asText() + "](" + NOTION + compact(block.path("id")) + ")";
      case "link_to_page" -> linkToPage(data);
      case "bookmark", "embed", "link_preview", "image", "file", "pdf", "video" -> link(data, type);
      default -> "<!-- Notion block \"" + type + "\" is not rendered -->";
    };
  }

  private String item(String line, JsonNode block, String indent) throws IOException {
    String nested = nested(block, indent);
    return nested.isEmpty() ? line : line + "\n" + nested;
  }

  /** The rendered children of {@code block}, every line indented; empty without children. */
  private String nested(JsonNode block, String indent) throws IOException {
    if (!block.path("has_children").asBoolean() || block.path("type").asText().equals("table")) {
      return "";
    }
    String inner = render(children.of(block.path("id").asText()));
    return indent.isEmpty() ? inner : prefixed(inner, indent);
  }

  private static String code(JsonNode data) {
    String language = data.path("language").asText("");
    if (language.equals("plain text")) {
      language = "";
    }
    return "```" + language + "\n" + plainText(data.path("rich_text")) + "\n```";
  }

  /** Rich text as its plain characters, without markup (code, property values). */
  static String plainText(JsonNode items) {
    StringBuilder text = new StringBuilder();
    items.forEach(item -> text.append(item.path("plain_text").asText("")));
    return text.toString();
  }

  private String table(JsonNode block, JsonNode data) throws IOException {
    List<List<String>> rows = new ArrayList<>();
    for (JsonNode row : children.of(block.path("id").asText())) {
      List<String> cells = new ArrayList<>();
      for (JsonNode cell : row.path("table_row").path("cells")) {
        cells.add(richText(cell).replace("|", "\\|").replace("\n", "<br>"));
      }
      rows.add(cells);
    }
    int width = data.path("table_width").asInt(rows.isEmpty() ? 0 : rows.get(0).size());
    List<String> header =
        data.path("has_column_header").asBoolean() && !rows.isEmpty()
            ? rows.remove(0)
            : new ArrayList<>(Collections.nCopies(width, " "));
    StringBuilder out = new StringBuilder(row(header, width)).append('\n');
    out.append(row(Collections.nCopies(width, "---"), width));
    for (List<String> cells : rows) {
      out.append('\n').append(row(cells, width));
    }
    return out.toString();
  }

  private static String row(List<String> cells, int width) {
    StringBuilder line = new StringBuilder("|");
    for (int i = 0; i < width; i++) {
      line.append(' ').append(i < cells.size() ? cells.get(i) : "").append(" |");
    }
    return line.toString();
  }

  private static String linkToPage(JsonNode data) {
    String kind = data.path("type").asText("page_id");
    return "[linked "
        + (kind.startsWith("database") ? "database" : "page")
        + "]("
        + NOTION
        + compact(data.path(kind))
        + ")";
  }

  private static String link(JsonNode data, String type) {
    String url = data.path("url").asText(null);
    if (url == null) {
      String hosting = data.path("type").asText("");
      url = data.path(hosting).path("url").asText(null);
    }
    if (url == null) {
      return "<!-- Notion " + type + " without a URL -->";
    }
    String caption = richText(data.path("caption"));
    return "[" + (caption.isBlank() ? type : caption) + "](" + url + ")";
  }

  private static String icon(JsonNode data) {
    JsonNode icon = data.path("icon");
    return icon.path("type").asText().equals("emoji") ? icon.path("emoji").asText() + " " : "";
  }

  /** Rich text as inline markdown. */
  static String richText(JsonNode items) {
    StringBuilder out = new StringBuilder();
    for (JsonNode item : items) {
      String text = item.path("plain_text").asText("");
      JsonNode annotations = item.path("annotations");
      if (annotations.path("code").asBoolean()) {
        text = wrap(text, "`");
      }
      if (annotations.path("strikethrough").asBoolean()) {
        text = wrap(text, "~~");
      }
      if (annotations.path("italic").asBoolean()) {
        text = wrap(text, "*");
      }
      if (annotations.path("bold").asBoolean()) {
        text = wrap(text, "**");
      }
      String href = item.path("href").asText(null);
      if (href != null && !text.isBlank()) {
        text = "[" + text + "](" + href + ")";
      }
      out.append(text);
    }
    return out.toString();
  }

  /** Markers around the text, whitespace kept outside them (where markdown needs it). */
  private static String wrap(String text, String marker) {
    String core = text.strip();
    if (core.isEmpty()) {
      return text;
    }
    int start = text.indexOf(core);
    return text.substring(0, start)
        + marker
        + core
        + marker
        + text.substring(start + core.length());
  }

  private static String join(String first, String second) {
    return second.isEmpty() ? first : first + "\n\n" + second;
  }

  private static String prefixed(String text, String prefix) {
    return text.lines()
        .map(line -> line.isEmpty() ? prefix.strip() : prefix + line)
        .reduce((a, b) -> a + "\n" + b)
        .orElse("");
  }

  private static String compact(JsonNode id) {
    return id.asText().replace("-", "");
  }
}
