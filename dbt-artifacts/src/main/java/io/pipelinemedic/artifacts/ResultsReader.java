package io.pipelinemedic.artifacts;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the {@code results} of {@code run_results.json} (v4 to v6) and {@code sources.json} in one
 * streaming pass; unknown fields are skipped, {@code compiled_sql} is read as {@code
 * compiled_code}, and a freshness result's {@code max_loaded_at} becomes its message.
 */
public final class ResultsReader {

  private final JsonFactory json;

  public ResultsReader(JsonFactory json) {
    this.json = json;
  }

  /**
   * The results of {@code file}, whose {@code metadata.dbt_schema_version} must name {@code kind}.
   */
  public List<NodeResult> read(Path file, String kind) throws ArtifactFormatException {
    List<NodeResult> results = new ArrayList<>();
    Streams.read(
        json,
        file,
        kind,
        (field, value, parser) -> {
          if ("results".equals(field) && value == JsonToken.START_ARRAY) {
            while (parser.nextToken() == JsonToken.START_OBJECT) {
              results.add(result(parser));
            }
          } else {
            parser.skipChildren();
          }
        });
    return results;
  }

  private static NodeResult result(JsonParser parser) throws IOException {
    String id = null;
    String status = null;
    String message = null;
    Long failures = null;
    String code = null;
    String relation = null;
    String maxLoadedAt = null;
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String field = parser.currentName();
      JsonToken value = parser.nextToken();
      switch (field) {
        case "unique_id" -> id = parser.getValueAsString();
        case "status" -> status = parser.getValueAsString();
        case "message", "error" ->
            message = value == JsonToken.VALUE_NULL ? message : parser.getValueAsString();
        case "failures" -> failures = value.isNumeric() ? parser.getLongValue() : null;
        case "compiled_code", "compiled_sql" -> code = parser.getValueAsString();
        case "relation_name" -> relation = parser.getValueAsString();
        case "max_loaded_at" -> maxLoadedAt = parser.getValueAsString();
        default -> parser.skipChildren();
      }
    }
    if (message == null && maxLoadedAt != null) {
      message = "freshness " + status + ": newest row loaded at " + maxLoadedAt;
    }
    return new NodeResult(id, status, message, failures, code, relation);
  }
}
