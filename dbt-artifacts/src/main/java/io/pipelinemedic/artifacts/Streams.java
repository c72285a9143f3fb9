package io.pipelinemedic.artifacts;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.file.Path;

/** Small helpers of the streaming readers. */
final class Streams {

  private Streams() {}

  static void expect(JsonParser parser, JsonToken token, Path file) throws IOException {
    if (parser.nextToken() != token) {
      throw new ArtifactFormatException(file.getFileName() + " does not start with a JSON object");
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
