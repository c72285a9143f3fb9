package io.pipelinemedic.runner.warehouse;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pipelinemedic.artifacts.ArtifactFormatException;
import io.pipelinemedic.artifacts.ManifestNode;
import io.pipelinemedic.artifacts.ManifestReader;
import io.pipelinemedic.schemas.model.Relation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The failed run's {@code manifest.json} as the production state a sandbox's builds defer to. It is
 * an uploaded file, so before dbt sees it every node dbt could read a relation of (models, seeds,
 * snapshots, sources) is checked, streamed field by field: its {@code database}, {@code schema},
 * {@code alias} and {@code identifier} are plain names (dbt writes a deferred relation from them,
 * quoted but not escaped), no quoting of it is turned off, and the relation is one of production's
 * (never a dev area's), as the warehouse says.
 */
public final class StateManifest {

  /** What dbt defers, and the sources a dev area may have to show. */
  private static final Set<String> READ = Set.of("model", "seed", "snapshot", "source");

  private static final Set<String> PARTS = Set.of("database", "schema", "alias", "identifier");

  /** Letters, digits and {@code _}, in words joined by single hyphens: a name, never SQL. */
  private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{N}_]+(-[\\p{L}\\p{N}_]+)*");

  private StateManifest() {}

  /**
   * Checks {@code manifest} and copies it into {@code folder} as {@code manifest.json}; the folder.
   *
   * @param production whether a relation is production's, where a deferred build may read
   * @throws IOException saying what is wrong with the first node that fails, or what cannot be read
   */
  public static Path copy(Path manifest, Path folder, Predicate<Relation> production)
      throws IOException {
    try (JsonParser parser = new JsonFactory().createParser(manifest.toFile())) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new IOException("the run's manifest.json is not a JSON object");
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String section = parser.currentName();
        JsonToken value = parser.nextToken();
        if ((section.equals("nodes") || section.equals("sources"))
            && value == JsonToken.START_OBJECT) {
          while (parser.nextToken() == JsonToken.FIELD_NAME) {
            parser.nextToken();
            check(parser, production);
          }
        } else {
          parser.skipChildren();
        }
      }
    }
    Files.createDirectories(folder);
    Files.copy(manifest, folder.resolve("manifest.json"), StandardCopyOption.REPLACE_EXISTING);
    return folder;
  }

  /** The relations of the sources of the state in {@code folder}. */
  public static List<Relation> sources(Path folder) throws IOException {
    return nodes(folder).stream()
        .filter(node -> "source".equals(node.resourceType()) && node.relation() != null)
        .map(ManifestNode::relation)
        .toList();
  }

  /** Production's relation of each incremental model of the state in {@code folder}, by id. */
  public static Map<String, Relation> incremental(Path folder) throws IOException {
    Map<String, Relation> incremental = new TreeMap<>();
    for (ManifestNode node : nodes(folder)) {
      if ("model".equals(node.resourceType())
          && "incremental".equals(node.materialized())
          && node.relation() != null) {
        incremental.put(node.uniqueId(), node.relation());
      }
    }
    return incremental;
  }

  private static List<ManifestNode> nodes(Path folder) throws IOException {
    try {
      return List.copyOf(
          new ManifestReader(new ObjectMapper())
              .read(folder.resolve("manifest.json"), id -> false)
              .nodes()
              .values());
    } catch (ArtifactFormatException e) {
      throw new IOException("the state's manifest.json cannot be read: " + e.getMessage(), e);
    }
  }

  /** One node, the parser at its start: refused unless dbt reads nothing but names from it. */
  private static void check(JsonParser parser, Predicate<Relation> production) throws IOException {
    if (parser.currentToken() != JsonToken.START_OBJECT) {
      throw refused("a node that is not an object");
    }
    String type = null;
    Map<String, String> parts = new HashMap<>();
    boolean unquoted = false;
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String field = parser.currentName();
      JsonToken value = parser.nextToken();
      if (field.equals("resource_type")) {
        type = parser.getValueAsString();
      } else if (PARTS.contains(field)) {
        if (value == JsonToken.VALUE_STRING) {
          parts.put(field, parser.getText());
        } else if (value != JsonToken.VALUE_NULL) {
          throw refused("a " + field + " that is not text");
        }
      } else if (field.equals("quoting")) {
        unquoted |= turnsQuotingOff(parser);
      } else if (field.equals("config") && value == JsonToken.START_OBJECT) {
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          String setting = parser.currentName();
          parser.nextToken();
          if (setting.equals("quoting")) {
            unquoted |= turnsQuotingOff(parser);
          } else {
            parser.skipChildren();
          }
        }
      } else {
        parser.skipChildren();
      }
    }
    if (!READ.contains(type)) {
      return;
    }
    for (Map.Entry<String, String> part : parts.entrySet()) {
      if (!NAME.matcher(part.getValue()).matches()) {
        throw refused("a " + type + " whose " + part.getKey() + " is not a plain name");
      }
    }
    if (unquoted) {
      throw refused("a " + type + " whose quoting is turned off");
    }
    String table = type.equals("source") ? parts.get("identifier") : parts.get("alias");
    if (parts.get("schema") != null && table != null) {
      Relation relation = new Relation(parts.get("database"), parts.get("schema"), table);
      if (!production.test(relation)) {
        throw refused("a " + type + " that is not production's: " + relation.joined(n -> n));
      }
    }
  }

  /** Whether a {@code quoting} value sets any part to false (the parser at its start). */
  private static boolean turnsQuotingOff(JsonParser parser) throws IOException {
    if (parser.currentToken() != JsonToken.START_OBJECT) {
      parser.skipChildren();
      return false;
    }
    boolean off = false;
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      off |= parser.nextToken() == JsonToken.VALUE_FALSE;
      parser.skipChildren();
    }
    return off;
  }

  private static IOException refused(String what) {
    return new IOException(
        "the run's manifest.json names "
            + what
            + ", so production is not read through it and nothing is deferred");
  }
}
