package io.pipelinemedic.artifacts;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pipelinemedic.schemas.model.Owner;
import io.pipelinemedic.schemas.model.Relation;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a {@code manifest.json} in one streaming pass into a {@link Manifest}: never a tree of the
 * whole file, only of the few small objects of a node (meta, config, test metadata). Tests not
 * asked for are skipped, which is most of a large project's manifest.
 */
public final class ManifestReader {

  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  /** {@code Name <address>}, as mail headers write a person. */
  private static final Pattern MAILBOX = Pattern.compile("([^<>]+)<([^<>@\\s]+@[^<>\\s]+)>");

  private final ObjectMapper json;

  public ManifestReader(ObjectMapper json) {
    this.json = json;
  }

  /** Reads {@code file}, keeping code and test details of the nodes in {@code detailed}. */
  public Manifest read(Path file, Set<String> detailed) throws ArtifactFormatException {
    return read(file, (Predicate<String>) detailed::contains);
  }

  /** Reads {@code file}, keeping code and test details of the nodes whose id {@code detailed}. */
  public Manifest read(Path file, Predicate<String> detailed) throws ArtifactFormatException {
    Map<String, ManifestNode> nodes = new HashMap<>();
    Map<String, Owner> groups = new HashMap<>();
    Streams.read(
        json.getFactory(),
        file,
        "manifest",
        (field, value, parser) -> {
          if (value != JsonToken.START_OBJECT) {
            parser.skipChildren();
            return;
          }
          switch (field) {
            case "nodes", "sources", "unit_tests" -> {
              while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String id = parser.currentName();
                parser.nextToken();
                boolean detail = detailed.test(id);
                if (!detail && id.startsWith("test.")) {
                  parser.skipChildren();
                } else {
                  nodes.put(id, node(parser, id, detail));
                }
              }
            }
            case "groups" -> {
              while (parser.nextToken() == JsonToken.FIELD_NAME) {
                parser.nextToken();
                JsonNode group = Streams.boundedTree(parser);
                if (!group.path("name").isTextual()) {
                  continue;
                }
                JsonNode owner = group.path("owner");
                groups.put(
                    group.path("name").asText(),
                    new Owner(
                        text(owner, "name", text(owner, "email", null)),
                        text(owner, "email", null),
                        group.path("name").asText()));
              }
            }
            default -> parser.skipChildren();
          }
        });
    return new Manifest(nodes, groups);
  }

  private ManifestNode node(JsonParser parser, String id, boolean detail) throws IOException {
    String type = null;
    String name = null;
    String path = null;
    String relation = null;
    String database = null;
    String schema = null;
    String alias = null;
    String identifier = null;
    Owner owner = null;
    String group = null;
    String column = null;
    String attached = null;
    String code = null;
    String severity = null;
    String materialized = null;
    String testName = null;
    Map<String, Object> kwargs = Map.of();
    List<String> parents = new ArrayList<>();
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String field = parser.currentName();
      JsonToken value = parser.nextToken();
      switch (field) {
        case "resource_type" -> type = parser.getValueAsString();
        case "name" -> name = parser.getValueAsString();
        case "original_file_path" -> path = parser.getValueAsString();
        case "relation_name" -> relation = parser.getValueAsString();
        case "database" -> database = parser.getValueAsString();
        case "schema" -> schema = parser.getValueAsString();
        case "alias" -> alias = parser.getValueAsString();
        case "identifier" -> identifier = parser.getValueAsString();
        case "group" -> group = parser.getValueAsString();
        case "column_name" -> column = parser.getValueAsString();
        case "attached_node" -> attached = parser.getValueAsString();
        case "meta" ->
            owner =
                value == JsonToken.START_OBJECT
                    ? ownerOf(Streams.boundedTree(parser), owner)
                    : owner;
        case "config" -> {
          JsonNode config = Streams.boundedTree(parser);
          owner = ownerOf(config.path("meta"), owner);
          severity = text(config, "severity", null);
          materialized = text(config, "materialized", null);
          group = group == null ? text(config, "group", null) : group;
        }
        case "depends_on" -> {
          JsonNode dependsOn = Streams.boundedTree(parser);
          dependsOn.path("nodes").forEach(parent -> parents.add(parent.asText()));
        }
        case "test_metadata" -> {
          if (value == JsonToken.START_OBJECT) {
            JsonNode metadata = Streams.boundedTree(parser);
            testName = text(metadata, "name", null);
            kwargs =
                metadata.has("kwargs") ? json.convertValue(metadata.get("kwargs"), MAP) : Map.of();
          }
        }
        case "compiled_code", "compiled_sql" -> code = detail ? parser.getValueAsString() : null;
        default -> parser.skipChildren();
      }
    }
    ManifestNode.TestInfo test =
        "test".equals(type) || "unit_test".equals(type)
            ? new ManifestNode.TestInfo(testName, kwargs, column, attached, severity)
            : null;
    String table = identifier != null ? identifier : alias;
    Relation parts = schema == null || table == null ? null : new Relation(database, schema, table);
    return new ManifestNode(
        id,
        type,
        name,
        path,
        relation,
        parts,
        owner,
        group,
        List.copyOf(parents),
        test,
        code,
        materialized);
  }

  /**
   * The owner {@code meta.owner} names, in any of the forms projects write it: a name, an email or
   * {@code Name <email>}, a mapping with {@code name} and {@code email}, or a list of either (its
   * first); else {@code current}.
   */
  static Owner ownerOf(JsonNode meta, Owner current) {
    Owner owner = ownerFrom(meta.path("owner"));
    return owner != null ? owner : current;
  }

  private static Owner ownerFrom(JsonNode owner) {
    if (owner.isArray()) {
      for (JsonNode candidate : owner) {
        Owner one = ownerFrom(candidate);
        if (one != null) {
          return one;
        }
      }
      return null;
    }
    if (owner.isTextual() && !owner.asText().isBlank()) {
      String text = owner.asText().strip();
      Matcher mailbox = MAILBOX.matcher(text);
      if (mailbox.matches()) {
        return new Owner(mailbox.group(1).strip(), mailbox.group(2).strip(), null);
      }
      return new Owner(text, text.contains("@") && !text.contains(" ") ? text : null, null);
    }
    if (owner.isObject()) {
      String email = text(owner, "email", null);
      String name = text(owner, "name", email);
      return name == null || name.isBlank() ? null : new Owner(name, email, null);
    }
    return null;
  }

  private static String text(JsonNode node, String field, String fallback) {
    JsonNode value = node.path(field);
    return value.isTextual() ? value.asText() : fallback;
  }
}
