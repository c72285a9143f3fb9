package io.pipelinemedic.artifacts;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.file.Path;

/** The streaming pass shared by the artifact readers, and its small helpers. */
final class Streams {

  /** Reads one top-level field of an artifact other than {@code metadata}. */
  interface Section {
    void read(String field, JsonToken value, JsonParser parser) throws IOException;
  }

  private Streams() {}

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
