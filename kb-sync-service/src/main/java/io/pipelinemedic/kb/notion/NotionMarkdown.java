package io.pipelinemedic.kb.notion;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Notion blocks as markdown, nested blocks fetched as needed (the README's Notion table). */
final class NotionMarkdown {

  /** Fetches one level of the children of a block. */
  interface Children {
    List<JsonNode> of(String blockId) throws IOException;
  }

  /**
   * The deepest nesting rendered. Real pages nest a few levels; the cap bounds the recursion and
   * the requests an untrusted page can cause, and ends synced blocks that refer to each other.
   */
  private static final int MAX_DEPTH = 20;

  private static final Set<String> LIST_ITEMS =
      Set.of("bulleted_list_item", "numbered_list_item", "to_do");
  private static final int[] ROMAN_VALUES = {1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1};
  private static final String[] ROMAN_DIGITS = {
    "m", "cm", "d", "cd", "c", "xc", "l", "xl", "x", "ix", "v", "iv", "i"
  };

  private final Children children;

  NotionMarkdown(Children children) {
    this.children = children;
  }

  /** The markdown of a page's top-level blocks and everything nested in them. */
  String render(List<JsonNode> blocks) throws IOException {
    return render(blocks, 0);
  }

  private String render(List<JsonNode> blocks, int depth) throws IOException {
    StringBuilder out = new StringBuilder();
    String previousType = null;
    String previousRendered = null;
    int number = 0;
    String format = "numbers";
    for (JsonNode block : blocks) {
      String type = block.path("type").asText();
      String marker = null;
      if (type.equals("numbered_list_item")) {
        JsonNode item = block.path(type);
        boolean first = !type.equals(previousType);
        number = first ? Math.max(1, item.path("list_start_index").asInt(1)) : number + 1;
        format = first ? item.path("list_format").asText("numbers") : format;
        marker = marker(number, format);
      }
      previousType = type;
      String markdown = block(block, type, marker, depth);
      if (markdown.isEmpty()) {
        continue;
      }
      if (!out.isEmpty()) {
        out.append(LIST_ITEMS.contains(type) && type.equals(previousRendered) ? "\n" : "\n\n");
      }
      out.append(markdown);
      previousRendered = type;
    }
    return out.toString();
  }

  private String block(JsonNode block, String type, String marker, int depth) throws IOException {
    JsonNode data = block.path(type);
    String text = NotionRichText.markdown(data.path("rich_text"));
    return switch (type) {
      case "paragraph" -> join(icon(data) + text, nested(block, depth));
      case "heading_1", "heading_2", "heading_3", "heading_4" ->
          join(heading(type.charAt(type.length() - 1) - '0', text), nested(block, depth));
      case "bulleted_list_item" -> item("- ", 2, text, block, depth);
      case "numbered_list_item" ->
          item(marker, marker.startsWith("- ") ? 2 : marker.length(), text, block, depth);
      case "to_do" ->
          item(data.path("checked").asBoolean() ? "- [x] " : "- [ ] ", 2, text, block, depth);
      case "toggle", "template" -> details(data.path("rich_text"), nested(block, depth));
      case "quote" -> prefixed(join(text, nested(block, depth)), "> ");
      case "callout" -> prefixed(join(icon(data) + text, nested(block, depth)), "> ");
      case "code" -> code(data);
      case "equation" ->
          "$$\n" + NotionRichText.expression(data.path("expression").asText("")) + "\n$$";
      case "divider" -> "---";
      case "breadcrumb", "table_of_contents" -> "";
      case "table" -> table(block, data);
      case "column_list", "column", "tab" -> nested(block, depth);
      case "synced_block" -> synced(block, data, depth);
      case "child_page", "child_database" -> childLink(block, data);
      case "link_to_page" -> linkToPage(data);
      case "image", "video", "pdf", "file", "audio", "bookmark", "embed", "link_preview" ->
          NotionMedia.markdown(block, type);
      case "meeting_notes", "transcription" ->
          comment(
              "Notion "
                  + type
                  + " \""
                  + NotionRichText.plain(data.path("title"))
                  + "\" is not rendered");
      case "unsupported" ->
          comment(
              "Notion block \""
                  + data.path("block_type").asText(type)
                  + "\" is not supported by the Notion API");
      default -> comment("Notion block \"" + type + "\" is not rendered");
    };
  }

  /** A heading line, on one line; nothing when empty (a toggle heading's children still follow). */
  private static String heading(int level, String text) {
    return text.isBlank() ? "" : "#".repeat(level) + " " + text.replace('\n', ' ');
  }

  /** A list item: its marker, its text, then its nested blocks, every further line indented. */
  private String item(String marker, int indent, String text, JsonNode block, int depth)
      throws IOException {
    String nested = nested(block, depth);
    String body = nested.isEmpty() ? text : text + "\n" + nested;
    int newline = body.indexOf('\n');
    return newline < 0
        ? marker + body
        : marker
            + body.substring(0, newline + 1)
            + prefixed(body.substring(newline + 1), " ".repeat(indent));
  }

  /**
   * A numbered item's marker, as in {@code 3. }; with {@code list_format} letters or roman, which
   * markdown lists cannot number, a bullet carrying Notion's label, as in {@code - iii. }.
   */
  private static String marker(int number, String format) {
    return switch (format) {
      case "letters" -> "- " + letters(number) + ". ";
      case "roman" -> "- " + roman(number) + ". ";
      default -> number + ". ";
    };
  }

  private static String letters(int number) {
    StringBuilder label = new StringBuilder();
    for (int n = number; n > 0; n = (n - 1) / 26) {
      label.insert(0, (char) ('a' + (n - 1) % 26));
    }
    return label.toString();
  }

  private static String roman(int number) {
    StringBuilder label = new StringBuilder();
    int rest = number;
    for (int i = 0; i < ROMAN_VALUES.length; i++) {
      for (; rest >= ROMAN_VALUES[i]; rest -= ROMAN_VALUES[i]) {
        label.append(ROMAN_DIGITS[i]);
      }
    }
    return label.toString();
  }

  /** The rendered children of {@code block}; empty without children. */
  private String nested(JsonNode block, int depth) throws IOException {
    return block.path("has_children").asBoolean()
        ? descendants(block.path("id").asText(), depth)
        : "";
  }

  private String descendants(String blockId, int depth) throws IOException {
    if (depth >= MAX_DEPTH) {
      return comment("Notion blocks nested deeper than " + MAX_DEPTH + " levels are not rendered");
    }
    return render(children.of(blockId), depth + 1);
  }

  /** An original synced block's children, or a reference's: those of its original. */
  private String synced(JsonNode block, JsonNode data, int depth) throws IOException {
    String original = data.path("synced_from").path("block_id").asText("");
    return original.isEmpty() ? nested(block, depth) : descendants(original, depth);
  }

  /** A toggle (or template button): its text as the summary, HTML-escaped, its blocks inside. */
  private static String details(JsonNode richText, String body) {
    String summary =
        "<details>\n<summary>"
            + NotionRichText.html(NotionRichText.plain(richText).replaceAll("\\s+", " ").strip())
            + "</summary>";
    return body.isEmpty() ? summary + "\n</details>" : summary + "\n\n" + body + "\n\n</details>";
  }

  /** A fence longer than any backtick run in the code; the language (none for plain text). */
  private static String code(JsonNode data) {
    String code = NotionRichText.plain(data.path("rich_text"));
    String language = data.path("language").asText("");
    language =
        language.equals("plain text")
            ? ""
            : language.replace(' ', '-').replaceAll("[^A-Za-z0-9+#/._-]", "");
    String fence = NotionRichText.fence(code, 3);
    return join(
        fence + language + "\n" + code + "\n" + fence,
        NotionRichText.markdown(data.path("caption")));
  }

  /**
   * A GFM table, as wide as its widest row; without a column header an empty one; a row header's
   * cells bold.
   */
  private String table(JsonNode block, JsonNode data) throws IOException {
    boolean rowHeader = data.path("has_row_header").asBoolean();
    int width = 0;
    List<List<String>> rows = new ArrayList<>();
    for (JsonNode row : children.of(block.path("id").asText())) {
      List<String> cells = new ArrayList<>();
      for (JsonNode cell : row.path("table_row").path("cells")) {
        String markdown = NotionRichText.markdown(cell, rowHeader && cells.isEmpty());
        cells.add(markdown.replace("|", "\\|").replace("\n", "<br>"));
      }
      width = Math.max(width, cells.size());
      rows.add(cells);
    }
    if (width == 0) {
      return "";
    }
    List<String> header =
        data.path("has_column_header").asBoolean()
            ? rows.remove(0)
            : Collections.nCopies(width, " ");
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

  /** A child page or database: a link to it, labelled with its title. */
  private static String childLink(JsonNode block, JsonNode data) {
    String title = data.path("title").asText("").replaceAll("\\s+", " ").strip();
    return "["
        + NotionRichText.escape(title.isEmpty() ? "Untitled" : title, false)
        + "]("
        + NotionRichText.notionUrl(block.path("id").asText())
        + ")";
  }

  /** A link to a page or database; a comment has no address of its own, so it is named only. */
  private static String linkToPage(JsonNode data) {
    String kind = data.path("type").asText("page_id");
    String id = data.path(kind).asText("");
    return switch (kind) {
      case "page_id" -> "[linked page](" + NotionRichText.notionUrl(id) + ")";
      case "database_id" -> "[linked database](" + NotionRichText.notionUrl(id) + ")";
      default -> comment("Notion link to " + kind.replace("_id", "") + " " + id);
    };
  }

  /** An emoji or custom emoji icon and a space; nothing for an image icon. */
  private static String icon(JsonNode data) {
    JsonNode icon = data.path("icon");
    String glyph =
        switch (icon.path("type").asText()) {
          case "emoji" -> icon.path("emoji").asText("");
          case "custom_emoji" -> ":" + icon.path("custom_emoji").path("name").asText("") + ":";
          default -> "";
        };
    return glyph.isEmpty() ? "" : NotionRichText.escape(glyph, false) + " ";
  }

  /** An HTML comment, on one line, that no text can close early. */
  static String comment(String text) {
    return "<!-- " + text.replaceAll("\\s+", " ").replaceAll("-{2,}", "-") + " -->";
  }

  private static String join(String first, String second) {
    return first.isEmpty() ? second : second.isEmpty() ? first : first + "\n\n" + second;
  }

  private static String prefixed(String text, String prefix) {
    return text.lines()
        .map(line -> line.isEmpty() ? prefix.strip() : prefix + line)
        .collect(Collectors.joining("\n"));
  }
}
