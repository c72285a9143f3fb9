package io.pipelinemedic.kb.notion;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Notion rich text as inline markdown: annotations, links, mentions, equations, text escaped. */
final class NotionRichText {

  private static final String NOTION = "https://www.notion.so/";
  private static final Pattern SCHEME = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*):");
  private static final Set<String> SAFE_SCHEMES =
      Set.of("http", "https", "mailto", "tel", NotionMedia.FILE_SCHEME);

  /** Characters that are markup wherever they stand in a line. */
  private static final String MARKUP = "\\`*_[]<>~$";

  private static final Pattern ENTITY = Pattern.compile("&(?=#?[A-Za-z0-9]+;)");
  private static final Pattern LINE_MARKER = Pattern.compile("^(\\s*)([#+=-])");
  private static final Pattern ORDERED_MARKER = Pattern.compile("^(\\s*\\d+)([.)])");

  /** How a run of text looks; adjacent items that look the same are rendered as one run. */
  private record Style(
      boolean equation,
      boolean bold,
      boolean italic,
      boolean strikethrough,
      boolean code,
      String href) {}

  private NotionRichText() {}

  /** Rich text as its plain characters, without markup (code, captions, property values). */
  static String plain(JsonNode items) {
    StringBuilder text = new StringBuilder();
    items.forEach(item -> text.append(item.path("plain_text").asText("")));
    return text.toString();
  }

  /** Rich text as inline markdown. */
  static String markdown(JsonNode items) {
    return markdown(items, false);
  }

  /**
   * Rich text as inline markdown, all of it bold when {@code bold} (a table's row header). Colors
   * and underline are left out: markdown has neither.
   */
  static String markdown(JsonNode items, boolean bold) {
    List<Style> styles = new ArrayList<>();
    List<StringBuilder> texts = new ArrayList<>();
    for (JsonNode item : items) {
      Style style = style(item, bold);
      String text =
          style.equation()
              ? item.path("equation").path("expression").asText("")
              : item.path("plain_text").asText("");
      int last = styles.size() - 1;
      if (last >= 0 && !style.equation() && style.equals(styles.get(last))) {
        texts.get(last).append(text);
      } else {
        styles.add(style);
        texts.add(new StringBuilder(text));
      }
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < styles.size(); i++) {
      boolean lineStart = out.isEmpty() || out.charAt(out.length() - 1) == '\n';
      out.append(run(styles.get(i), texts.get(i).toString(), lineStart));
    }
    return out.toString();
  }

  private static Style style(JsonNode item, boolean bold) {
    JsonNode annotations = item.path("annotations");
    JsonNode mention = item.path("mention");
    String mentioned = mention.path(mention.path("type").asText()).path("id").asText("");
    boolean notionObject = mention.path("type").asText().matches("page|database");
    return new Style(
        item.path("type").asText().equals("equation"),
        bold || annotations.path("bold").asBoolean(),
        annotations.path("italic").asBoolean(),
        annotations.path("strikethrough").asBoolean(),
        annotations.path("code").asBoolean(),
        notionObject && !mentioned.isEmpty()
            ? notionUrl(mentioned)
            : destination(item.path("href").asText(null)));
  }

  private static String run(Style style, String text, boolean lineStart) {
    String body;
    if (style.equation()) {
      body = "$" + expression(text).replace('\n', ' ') + "$";
    } else if (style.code()) {
      body = codeSpan(text);
    } else {
      body = escape(text, lineStart);
    }
    if (style.strikethrough()) {
      body = wrap(body, "~~");
    }
    if (style.italic()) {
      body = wrap(body, "*");
    }
    if (style.bold()) {
      body = wrap(body, "**");
    }
    return style.href() == null || body.isBlank() ? body : "[" + body + "](" + style.href() + ")";
  }

  /**
   * Text escaped so that it reads as the characters typed: every {@link #MARKUP} character, an
   * {@code &} that would start an entity, and at a line's start what would make a heading, a list
   * or a setext underline. An underscore inside a word (snake_case) is left alone: CommonMark never
   * reads it as emphasis.
   */
  static String escape(String text, boolean lineStart) {
    StringBuilder out = new StringBuilder(text.length() + 8);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (MARKUP.indexOf(c) >= 0 && !(c == '_' && insideWord(text, i))) {
        out.append('\\');
      }
      out.append(c);
    }
    String[] lines = ENTITY.matcher(out).replaceAll("\\\\&").split("\n", -1);
    for (int i = lineStart ? 0 : 1; i < lines.length; i++) {
      lines[i] = LINE_MARKER.matcher(lines[i]).replaceFirst("$1\\\\$2");
      lines[i] = ORDERED_MARKER.matcher(lines[i]).replaceFirst("$1\\\\$2");
    }
    return String.join("\n", lines);
  }

  private static boolean insideWord(String text, int i) {
    return i > 0
        && i < text.length() - 1
        && Character.isLetterOrDigit(text.charAt(i - 1))
        && Character.isLetterOrDigit(text.charAt(i + 1));
  }

  /** A code span: a backtick fence longer than any run in the code, whitespace kept outside. */
  private static String codeSpan(String text) {
    String core = text.replace('\n', ' ').strip();
    if (core.isEmpty()) {
      return text;
    }
    String fence = fence(core, 1);
    String pad = core.startsWith("`") || core.endsWith("`") ? " " : "";
    return wrap(text.replace('\n', ' '), fence + pad, pad + fence);
  }

  /** A backtick fence of at least {@code minimum}, longer than every backtick run in the text. */
  static String fence(String text, int minimum) {
    int longest = 0;
    int run = 0;
    for (int i = 0; i < text.length(); i++) {
      run = text.charAt(i) == '`' ? run + 1 : 0;
      longest = Math.max(longest, run);
    }
    return "`".repeat(Math.max(minimum, longest + 1));
  }

  /**
   * A KaTeX expression that stays inert where math is not rendered: {@code <} and {@code >} as
   * {@code \lt} and {@code \gt}, and no {@code ](} that would open a link (spaces do not matter in
   * math).
   */
  static String expression(String text) {
    return text.replace("<", "\\lt ").replace(">", "\\gt ").replace("](", "] (");
  }

  /** Text for HTML (a toggle's summary). */
  static String html(String text) {
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }

  /** The web address of a Notion page or database. */
  static String notionUrl(String id) {
    return destination(NOTION + id.replace("-", ""));
  }

  /**
   * A link destination that cannot break out of its parentheses (spaces, control characters, angle
   * brackets, parentheses, quotes and backslashes percent-encoded); a Notion-relative path made
   * absolute; null when empty or of a scheme other than http(s), mailto, tel and {@code
   * notion-file}.
   */
  static String destination(String url) {
    if (url == null || url.isBlank()) {
      return null;
    }
    String absolute =
        url.startsWith("/") && !url.startsWith("//") ? NOTION + url.substring(1) : url;
    Matcher scheme = SCHEME.matcher(absolute);
    if (scheme.find() && !SAFE_SCHEMES.contains(scheme.group(1).toLowerCase(Locale.ROOT))) {
      return null;
    }
    StringBuilder out = new StringBuilder();
    for (char c : absolute.toCharArray()) {
      if (c <= ' ' || c == 0x7f || "<>()\"\\".indexOf(c) >= 0) {
        out.append('%').append(String.format("%02X", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static String wrap(String text, String marker) {
    return wrap(text, marker, marker);
  }

  /** Markers around the text, its surrounding whitespace kept outside (where markdown needs it). */
  private static String wrap(String text, String open, String close) {
    String core = text.strip();
    if (core.isEmpty()) {
      return text;
    }
    int start = text.indexOf(core);
    return text.substring(0, start) + open + core + close + text.substring(start + core.length());
  }
}
