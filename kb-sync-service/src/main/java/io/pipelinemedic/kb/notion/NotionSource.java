package io.pipelinemedic.kb.notion;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
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
 * window (Notion rounds edit times to the minute); a full reading lists every page by creation
 * time, so that the store can retire the ones that are gone, unless the listing was cut short.
 * Trashed pages are removed entries.
 */
@ApplicationScoped
public class NotionSource implements SourceReader {

  /** Why a reading could not list every page. */
  static final String INCOMPLETE =
      "Notion stopped a query at its 10,000-result limit and the listing could not get past it"
          + " (more than 10,000 pages with the same time stamp): nothing was retired and the cursor"
          + " did not move";

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
    // a full reading goes by creation time, which no edit during the reading moves
    String timestamp = incremental ? "last_edited_time" : "created_time";
    JsonNode filter =
        incremental
            ? NotionClient.since(
                "last_edited_time", Instant.parse(cursor).minus(notion.overlap()).toString())
            : null;
    Instant[] newest = {cursor == null ? null : Instant.parse(cursor)};
    NotionMarkdown markdown = new NotionMarkdown(notionApi::children);
    boolean complete = true;
    for (String queryPath : queryPaths(notionApi.database(databaseId), databaseId)) {
      complete &=
          notionApi.query(
              queryPath,
              filter,
              timestamp,
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
    if (!complete) {
      // the cursor stays: the pages past the limit were not read
      return new Reading(cursor, false, INCOMPLETE);
    }
    return new Reading(newest[0] == null ? null : newest[0].toString(), !incremental, null);
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
   * properties are the team's own and ignored. Every property is on every page, empty ones as
   * {@code null} or {@code []}: an empty one sets nothing. An owner known only by an email is named
   * by it.
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
        case "owner email" -> {
          // every property is on every page; an empty one says nothing
          String email = text(value);
          if (email != null) {
            owner.put("email", email);
          }
        }
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
    if (owner.containsKey("email")) {
      owner.putIfAbsent("name", owner.get("email"));
    }
    if (owner.containsKey("name")) {
      fields.put("owner", owner);
    }
    return fields;
  }

  /**
   * The owner from an {@code Owner} property: the first person or group of a people property that
   * has a name or an email (without the integration's user capability a user is only {@code
   * {object, id}}), or the text of a text property. An email already taken from {@code Owner email}
   * stands.
   */
  private static void owner(JsonNode value, Map<String, Object> owner) {
    if (!value.path("type").asText().equals("people")) {
      String name = text(value);
      if (name != null) {
        owner.put("name", name);
      }
      return;
    }
    for (JsonNode person : value.path("people")) {
      String name = nonBlank(person.path("name").asText(null));
      String email = nonBlank(person.path("person").path("email").asText(null));
      if (name != null || email != null) {
        if (name != null) {
          owner.put("name", name);
        }
        if (email != null) {
          owner.putIfAbsent("email", email);
        }
        return;
      }
    }
  }

  private static String nonBlank(String text) {
    return text == null || text.isBlank() ? null : text.strip();
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
                  notion.maxRetryAfter(),
                  notion.timeout(),
                  notion.bodyTimeout(),
                  notion.requestsPerSecond()));
      client = new NotionClient(http, notion.baseUrl(), token, notion.version());
    }
    return client;
  }
}
