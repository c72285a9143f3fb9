package io.pipelinemedic.kb.notion;

import com.fasterxml.jackson.databind.JsonNode;

/** Media and link blocks as links and images; a Notion-hosted file by a stable reference. */
final class NotionMedia {

  /**
   * The scheme of a file Notion hosts ({@code type} {@code file} or {@code file_upload}), followed
   * by the block's id: its signed URL expires within an hour and changes on every request, so the
   * markdown of an unchanged page would change on every reading. {@code GET /v1/blocks/{id}}
   * answers a fresh URL.
   */
  static final String FILE_SCHEME = "notion-file";

  private NotionMedia() {}

  /**
   * An image as {@code ![caption](url)}; a video, audio, PDF or file as {@code [caption, else name,
   * else type](url)}; a bookmark, embed or link preview as {@code [caption, else url](url)}.
   */
  static String markdown(JsonNode block, String type) {
    JsonNode data = block.path(type);
    String address =
        switch (data.path("type").asText("")) {
          case "file", "file_upload" -> FILE_SCHEME + ":" + block.path("id").asText();
          case "external" -> data.path("external").path("url").asText(null);
          default -> data.path("url").asText(null);
        };
    String url = NotionRichText.destination(address);
    if (url == null) {
      return NotionMarkdown.comment("Notion " + type + " without a usable URL");
    }
    String caption = label(NotionRichText.plain(data.path("caption")));
    if (type.equals("image")) {
      return "![" + caption + "](" + url + ")";
    }
    String name = label(data.path("name").asText(""));
    String untitled = data.has("url") ? label(address) : name.isEmpty() ? type : name;
    return "[" + (caption.isEmpty() ? untitled : caption) + "](" + url + ")";
  }

  /** Text for a link's or image's label: on one line, escaped. */
  private static String label(String text) {
    return NotionRichText.escape(text.replaceAll("\\s+", " ").strip(), false);
  }
}
