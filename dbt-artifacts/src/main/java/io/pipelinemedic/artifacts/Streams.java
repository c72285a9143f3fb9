package io.pipelinemedic.artifacts;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.JsonParserDelegate;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.nio.file.Path;

/** The streaming pass shared by the artifact readers, and its small helpers. */
final class Streams {

  /** Reads one top-level field of an artifact other than {@code metadata}. */
  interface Section {
    void read(String field, JsonToken value, JsonParser parser) throws IOException;
  }

  /** Most tokens one small object of an artifact (a node's meta or config) may hold. */
  static final int MAX_TREE_TOKENS = 50_000;

  /** Most characters of names and text one small object of an artifact may hold. */
  static final int MAX_TREE_CHARS = 2_000_000;

  private Streams() {}

  /**
   * The value at the parser's current token as a tree, when it fits {@link #MAX_TREE_TOKENS} and
   * {@link #MAX_TREE_CHARS}; else the rest of it is skipped, unread, and the answer is a missing
   * node. A crafted {@code meta} of gigabytes costs a skip, never the heap.
   */
  static JsonNode boundedTree(JsonParser parser) throws IOException {
    JsonToken first = parser.currentToken();
    if (first != JsonToken.START_OBJECT && first != JsonToken.START_ARRAY) {
      return parser.readValueAsTree();
    }
    JsonStreamContext outside = parser.getParsingContext().getParent();
    try {
      JsonNode tree = new Bounded(parser).readValueAsTree();
      return tree == null ? MissingNode.getInstance() : tree;
    } catch (TooLarge e) {
      while (!(isEnd(parser.currentToken()) && parser.getParsingContext() == outside)) {
        if (parser.currentToken() == JsonToken.START_OBJECT
            || parser.currentToken() == JsonToken.START_ARRAY) {
          parser.skipChildren();
        } else if (parser.nextToken() == null) {
          throw new IOException("the artifact ends inside an object");
        }
      }
      return MissingNode.getInstance();
    }
  }

  private static boolean isEnd(JsonToken token) {
    return token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY;
  }

  /** Thrown by {@link Bounded} when a tree outgrows its caps. */
  private static final class TooLarge extends IOException {
    TooLarge() {
      super("larger than an artifact's small object may be", null);
    }
  }

  /** The parser as a tree reader sees it, counting what it reads. */
  private static final class Bounded extends JsonParserDelegate {
    private int tokens;
    private long chars;

    Bounded(JsonParser parser) {
      super(parser);
    }

    @Override
    public JsonToken nextToken() throws IOException {
      JsonToken token = super.nextToken();
      if (token == JsonToken.FIELD_NAME || token == JsonToken.VALUE_STRING) {
        chars += delegate.getTextLength();
      }
      if (++tokens > MAX_TREE_TOKENS || chars > MAX_TREE_CHARS) {
        throw new TooLarge();
      }
      return token;
    }
  }

  /**
   * Streams the top-level fields of {@code file} to {@code sections}, then checks that {@code
   * metadata.dbt_schema_version} names {@code kind} (e.g. {@code run-results}, {@code manifest}).
   */
  static void read(JsonFactory json, Path file, String kind, Section sections)
      throws ArtifactFormatException {
    String schema = null;
    try (JsonParser parser = json.createParser(file.toFile())) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new ArtifactFormatException(
            file.getFileName() + " does not start with a JSON object");
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        if ("metadata".equals(field) && value == JsonToken.START_OBJECT) {
          schema = textField(parser, "dbt_schema_version");
        } else {
          sections.read(field, value, parser);
        }
      }
    } catch (ArtifactFormatException e) {
      throw e;
    } catch (JsonProcessingException e) {
      throw new ArtifactFormatException(
          file.getFileName() + " is not valid JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new ArtifactFormatException("cannot read " + file + ": " + e.getMessage(), e);
    }
    if (schema == null || !schema.contains("/" + kind + "/")) {
      throw new ArtifactFormatException(
          file.getFileName() + " is not a dbt " + kind + " artifact (schema " + schema + ")");
    }
  }

  /** Reads the current object, returning the text of {@code wanted} and skipping the rest. */
  static String textField(JsonParser parser, String wanted) throws IOException {
    String value = null;
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String field = parser.currentName();
      parser.nextToken();
      if (wanted.equals(field)) {
        value = parser.getValueAsString();
      } else {
        parser.skipChildren();
      }
    }
    return value;
  }
}
