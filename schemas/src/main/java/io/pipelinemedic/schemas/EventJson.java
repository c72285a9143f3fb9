package io.pipelinemedic.schemas;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The events' JSON form: ISO-8601 times, absent and empty values omitted, unknown fields ignored so
 * that a consumer keeps reading events of a newer compatible schema.
 */
public final class EventJson {

  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .addModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .serializationInclusion(JsonInclude.Include.NON_EMPTY)
          .build();

  private EventJson() {}

  /** A copy of the configured mapper, for callers that need trees or other types. */
  public static ObjectMapper mapper() {
    return MAPPER.copy();
  }

  /** The event as UTF-8 JSON. */
  public static byte[] write(PipelineEvent event) {
    try {
      return MAPPER.writeValueAsBytes(event);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + event.getClass().getSimpleName(), e);
    }
  }

  /** Reads an event of the given type; fails with the parser's reason on malformed JSON. */
  public static <T extends PipelineEvent> T read(byte[] json, Class<T> type) throws IOException {
    return MAPPER.readValue(json, type);
  }
}
