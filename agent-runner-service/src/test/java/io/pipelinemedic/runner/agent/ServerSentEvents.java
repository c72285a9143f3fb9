package io.pipelinemedic.runner.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** One server-sent event with a JSON payload, as the model APIs stream them. */
final class ServerSentEvents {

  private static final ObjectMapper JSON = new ObjectMapper();

  private ServerSentEvents() {}

  /** Writes and flushes {@code event: <name>} with {@code data: <json>}. */
  static void write(OutputStream out, String name, JsonNode data) throws IOException {
    out.write(
        ("event: " + name + "\ndata: " + JSON.writeValueAsString(data) + "\n\n")
            .getBytes(StandardCharsets.UTF_8));
    out.flush();
  }
}
