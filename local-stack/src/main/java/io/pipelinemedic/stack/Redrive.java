package io.pipelinemedic.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@code ./medic redrive TOPIC [--incident ID]}: once the cause of a dead letter is fixed, asks
 * publisher-service to send the topic's dead letters (of one incident, or all) back to the topic,
 * and says what went back and what stayed.
 */
final class Redrive {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final StackConfig config;
  private final PrintStream out;

  Redrive(StackConfig config, PrintStream out) {
    this.config = config;
    this.out = out;
  }

  int run(List<String> args) throws IOException, InterruptedException {
    int option = args.indexOf("--incident");
    String incident = option >= 0 && option + 1 < args.size() ? args.get(option + 1) : null;
    if (args.isEmpty() || args.get(0).startsWith("--") || (option >= 0 && incident == null)) {
      out.println("usage: ./medic redrive TOPIC [--incident ID]");
      return 2;
    }
    String topic = args.get(0);
    URI uri =
        URI.create(
            config.service("publisher-service").url()
                + "/dead-letters/"
                + URLEncoder.encode(topic, StandardCharsets.UTF_8)
                + "/redrive"
                + (incident == null
                    ? ""
                    : "?incident=" + URLEncoder.encode(incident, StandardCharsets.UTF_8)));
    HttpResponse<String> response;
    try {
      response =
          HttpClient.newHttpClient()
              .send(
                  Secrets.loadOrCreate(config.home())
                      .signedIn(uri)
                      .POST(HttpRequest.BodyPublishers.noBody())
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
    } catch (ConnectException e) {
      out.println("publisher-service does not answer at " + uri.getAuthority() + ": ./medic up");
      return 1;
    }
    if (response.statusCode() != 200) {
      out.println("Not redriven (HTTP " + response.statusCode() + "): " + response.body());
      return 1;
    }
    JsonNode result = JSON.readTree(response.body());
    int sent = 0;
    for (var incidents = result.path("redriven").fields(); incidents.hasNext(); ) {
      var entry = incidents.next();
      sent += entry.getValue().size();
      out.println("  " + entry.getKey() + ": " + entry.getValue().size() + " back to " + topic);
    }
    for (var skipped = result.path("skipped").fields(); skipped.hasNext(); ) {
      var entry = skipped.next();
      out.println("  left " + entry.getKey() + ": " + entry.getValue().asText());
    }
    out.println(
        sent == 0
            ? "Nothing to redrive on "
                + topic
                + ".dlq"
                + (incident == null ? "" : " for " + incident)
            : sent + (sent == 1 ? " record" : " records") + " sent back to " + topic + ".");
    return 0;
  }
}
