package io.pipelinemedic.kb.notion;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pipelinemedic.kb.config.KbSyncConfig;
import io.pipelinemedic.kb.entry.EntryDocument;
import io.pipelinemedic.kb.entry.EntryParser;
import io.pipelinemedic.kb.entry.MarkdownEntry;
import io.pipelinemedic.kb.entry.ParsedEntry;
import io.pipelinemedic.kb.sync.SourceReader;
import io.pipelinemedic.schemas.model.KbSource;
import io.pipelinemedic.service.http.RetryingHttp;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * KB entries from a Notion database: one page per entry, its properties the fields and its body the
 * steps. An incremental reading asks for pages edited since the last one seen, less an overlap
 * window (Notion rounds edit times to the minute); a full reading lists every page, so that the
 * store can retire the ones that are gone. Trashed pages are removed entries.
 */
@ApplicationScoped
public class NotionSource implements SourceReader {

  /** The id prefix of entries kept in Notion. */
  private static final String ID_PREFIX = "notion-";

  @Inject KbSyncConfig config;

  private NotionClient client;

  @Override
  public boolean configured() {
    return config.notion().databaseId().isPresent();
  }

  @Override
  public Reading read(String cursor, boolean full, Batches batches) throws IOException {
    KbSyncConfig.Notion notion = config.notion();
    NotionClient notionApi = client();
    String databaseId = notion.databaseId().orElseThrow();
    boolean incremental = !full && cursor != null;
    ObjectNode filter = null;
    if (incremental) {
      filter = JsonNodeFactory.instance.objectNode().put("timestamp", "last_edited_time");
      filter
          .putObject("last_edited_time")
          .put("on_or_after", Instant.parse(cursor).minus(notion.overlap()).toString());
    }
    Instant[] newest = {cursor == null ? null : Instant.parse(cursor)};
    NotionMarkdown markdown = new NotionMarkdown(notionApi::children);
    for (String queryPath : queryPaths(notionApi.database(databaseId), databaseId)) {
      notionApi.query(
          queryPath,
          filter,
          notion.pageSize(),
          pages -> {
            List<ParsedEntry> batch = new ArrayList<>();
            for (JsonNode page : pages) {
              Instant edited = Instant.parse(page.path("last_edited_time").asText());
              if (newest[0] == null || edited.isAfter(newest[0])) {
                newest[0] = edited;
              }
              batch.add(entry(page, edited, notionApi, markdown));
            }
            batches.accept(batch);
          });
    }
    return new Reading(newest[0] == null ? null : newest[0].toString(), !incremental);
  }

  /** The data sources' query endpoints, or the database's own before API version 2025-09-03. */
  private static List<String> queryPaths(JsonNode database, String databaseId) {
    JsonNode dataSources = database.path("data_sources");
    if (!dataSources.isArray()) {
      return List.of("/v1/databases/" + databaseId + "/query");
    }
    List<String> paths = new ArrayList<>();
    dataSources.forEach(
        source -> paths.add("/v1/data_sources/" + source.path("id").asText() + "/query"));
    return paths;
  }

  private static ParsedEntry entry(
      JsonNode page, Instant edited, NotionClient notionApi, NotionMarkdown markdown)
      throws IOException {
    String id = ID_PREFIX + page.path("id").asText();
    if (page.path("in_trash").asBoolean() || page.path("archived").asBoolean()) {
      return new ParsedEntry.Removed(id);
    }
    String url = page.path("url").asText(null);
    Map<String, Object> fields;
    try {
      fields = fields(page.path("properties"));
    } catch (JsonProcessingException e) {
      return new ParsedEntry.Invalid(
          id, url, List.of("recipe is not valid YAML: " + e.getOriginalMessage()));
    }
    String steps = markdown.render(notionApi.children(page.path("id").asText()));
    return EntryParser.parse(new EntryDocument(id, KbSource.NOTION, url, edited, fields, steps));
  }

  /**
   * The entry's fields from the page's properties: the title property; {@code Class} (select);
   * {@code Tests} (multi-select or comma-separated text), {@code Node} and {@code Message} (text);
   * {@code Owner} (text or person), {@code Owner email}; {@code Recipe} (YAML text). Other
   * properties are the team's own and ignored.
   */
  static Map<String, Object> fields(JsonNode properties) throws JsonProcessingException {
    Map<String, Object> fields = new LinkedHashMap<>();
    Map<String, Object> match = new LinkedHashMap<>();
    Map<String, Object> owner = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> property : properties.properties()) {
      JsonNode value = property.getValue();
      String type = value.path("type").asText();
      switch (type.equals("title") ? "title" : property.getKey().toLowerCase(Locale.ROOT)) {
        case "title" -> fields.put("title", text(value));
        case "class" -> fields.put("class", text(value));
        case "tests" -> match.put("tests", list(value));
        case "node" -> match.put("node", text(value));
        case "message" -> match.put("message", text(value));
        case "owner" -> owner(value, owner);
        case "owner email" -> owner.put("email", text(value));
        case "recipe" -> {
          String recipe = text(value);
          if (recipe != null) {
            fields.put("recipe", MarkdownEntry.yaml(recipe));
          }
        }
        default -> {}
      }
    }
    match.values().removeIf(v -> v == null);
    fields.put("match", match);
    owner.values().removeIf(v -> v == null);
    if (!owner.isEmpty()) {
      fields.put("owner", owner);
    }
    return fields;
  }

  private static void owner(JsonNode value, Map<String, Object> owner) {
    JsonNode people = value.path("people");
    if (people.isArray() && !people.isEmpty()) {
      JsonNode person = people.get(0);
      owner.put("name", person.path("name").asText(null));
      owner.putIfAbsent("email", person.path("person").path("email").asText(null));
    } else {
      owner.put("name", text(value));
    }
  }

  /** The text of a title, text, select, status, email or URL property; null when empty. */
  private static String text(JsonNode property) {
    String type = property.path("type").asText();
    JsonNode value = property.path(type);
    String text =
        switch (type) {
          case "title", "rich_text" -> NotionRichText.plain(value);
          case "select", "status" -> value.path("name").asText(null);
          case "email", "url", "phone_number" -> value.asText(null);
          default -> null;
        };
    return text == null || text.isBlank() ? null : text.strip();
  }

  private static List<String> list(JsonNode property) {
    if (property.path("type").asText().equals("multi_select")) {
      List<String> names = new ArrayList<>();
      property.path("multi_select").forEach(option -> names.add(option.path("name").asText()));
      return names;
    }
    String text = text(property);
    return text == null ? List.of() : List.of(text.split("\\s*,\\s*"));
  }

  private synchronized NotionClient client() {
    if (client == null) {
      KbSyncConfig.Notion notion = config.notion();
      String token =
          notion
              .token()
              .orElseThrow(() -> new IllegalStateException("medic.kb.notion.token is not set"));
      RetryingHttp http =
          new RetryingHttp(
              new RetryingHttp.Policy(
                  notion.attempts(),
                  notion.initialBackoff(),
                  notion.maxBackoff(),
                  notion.timeout(),
                  notion.requestsPerSecond()));
      client = new NotionClient(http, notion.baseUrl(), token, notion.version());
    }
    return client;
  }
}
