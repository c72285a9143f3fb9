package io.pipelinemedic.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pipelinemedic.dbt.scenario.Scenario;
import io.pipelinemedic.dbt.scenario.ScenarioRun;
import io.pipelinemedic.dbt.scenario.ScenarioRunner;
import io.pipelinemedic.stack.demo.DbtCloudWebhook;
import io.pipelinemedic.stack.demo.ExampleDbtCloud;
import io.pipelinemedic.stack.demo.ExampleTeam;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * The example team's dbt Cloud driving the running system for a test: a night played once with real
 * dbt and made the team's, then delivered as many runs as a test wants (each its own run id and
 * webhook), and incidents awaited on publisher-service's record.
 */
final class ExampleNights implements AutoCloseable {

  static final ObjectMapper JSON = new ObjectMapper();

  private final StackConfig config;
  private final Secrets secrets;
  private final ExampleDbtCloud cloud;
  private final HttpClient http = HttpClient.newHttpClient();
  private final AtomicLong runIds = new AtomicLong(System.currentTimeMillis());

  ExampleNights(StackConfig config) throws IOException {
    this.config = config;
    this.secrets = Secrets.loadOrCreate(config.home());
    this.cloud = new ExampleDbtCloud(secrets.get("dbt-cloud-api"), config.exampleDbtCloudPort());
  }

  /**
   * Plays the scenario whose name starts with {@code prefix}, on the team's warehouse, and makes it
   * the team's night.
   */
  ScenarioRun prepare(String prefix) throws Exception {
    Scenario scenario =
        ScenarioRunner.scenarios(SystemUnderTest.ROOT).stream()
            .filter(s -> s.name().startsWith(prefix))
            .findFirst()
            .orElseThrow();
    ScenarioRun night =
        new ScenarioRunner(SystemUnderTest.ROOT, ExampleTeam.warehouse(config, PostgresNode.USER))
            .run(scenario, config.home().resolve("nights").resolve(scenario.name()));
    new ExampleTeam(config.exampleTeam()).take(scenario.name(), night);
    return night;
  }

  /** A new run of {@code night} whose webhook is delivered {@code copies} times at once. */
  List<JsonNode> deliver(ScenarioRun night, int copies) throws Exception {
    String runId = String.valueOf(runIds.incrementAndGet());
    cloud.serve(runId, ExampleDbtCloud.Run.of(runId, night));
    URI ingest = URI.create(config.service("ingest-service").url() + "/webhooks/dbt-cloud");
    List<CompletableFuture<HttpResponse<String>>> sent = new ArrayList<>();
    for (int i = 0; i < copies; i++) {
      sent.add(
          http.sendAsync(
              DbtCloudWebhook.delivery(
                  ingest,
                  secrets.get("dbt-cloud"),
                  "wev_" + runId,
                  runId,
                  night.scenario().project()),
              HttpResponse.BodyHandlers.ofString()));
    }
    List<JsonNode> answers = new ArrayList<>();
    for (CompletableFuture<HttpResponse<String>> answer : sent) {
      HttpResponse<String> response = answer.get();
      if (response.statusCode() != 202) {
        throw new IOException(
            "ingest-service answered " + response.statusCode() + ": " + response.body());
      }
      answers.add(JSON.readTree(response.body()));
    }
    return answers;
  }

  /** The example team's dbt Cloud, to make it fail. */
  ExampleDbtCloud cloud() {
    return cloud;
  }

  /** A successful run of the nightly job of {@code night}'s project; ingest-service's answer. */
  JsonNode pass(ScenarioRun night) throws Exception {
    String runId = String.valueOf(runIds.incrementAndGet());
    HttpResponse<String> response =
        http.send(
            DbtCloudWebhook.passed(
                URI.create(config.service("ingest-service").url() + "/webhooks/dbt-cloud"),
                secrets.get("dbt-cloud"),
                "wev_" + runId,
                runId,
                night.scenario().project()),
            HttpResponse.BodyHandlers.ofString());
    return ((ObjectNode) JSON.readTree(response.body())).put("httpStatus", response.statusCode());
  }

  /** A new run of {@code night}, delivered once; its incident. */
  String deliver(ScenarioRun night) throws Exception {
    return deliver(night, 1).get(0).path("incidentId").asText();
  }

  /** The incident's record once {@code until} holds, or fails after {@code timeout}. */
  JsonNode await(String incident, Predicate<JsonNode> until, Duration timeout) throws Exception {
    Instant deadline = Instant.now().plus(timeout);
    JsonNode view = null;
    while (Instant.now().isBefore(deadline)) {
      view = view(incident);
      if (view != null && until.test(view)) {
        return view;
      }
      Thread.sleep(250);
    }
    throw new AssertionError(
        incident + " did not get there within " + timeout + "; last seen: " + view);
  }

  /** The incident's record now, or {@code null} while publisher-service has none. */
  JsonNode view(String incident) throws Exception {
    URI uri = URI.create(config.service("publisher-service").url() + "/incidents/" + incident);
    HttpResponse<String> response =
        http.send(secrets.signedIn(uri).build(), HttpResponse.BodyHandlers.ofString());
    return response.statusCode() == 200 ? JSON.readTree(response.body()) : null;
  }

  /** The incident's record once every root cause has its outcome. */
  JsonNode awaitComplete(String incident) throws Exception {
    return await(incident, ExampleNights::complete, Duration.ofMinutes(6));
  }

  /** Whether a topic's event is on the incident's timeline. */
  static boolean reached(JsonNode view, String topic) {
    for (JsonNode entry : view.path("timeline")) {
      if (topic.equals(entry.path("topic").asText())) {
        return true;
      }
    }
    return false;
  }

  /** The incident's events of {@code topic}. */
  static List<JsonNode> events(JsonNode view, String topic) throws IOException {
    List<JsonNode> events = new ArrayList<>();
    for (JsonNode entry : view.path("timeline")) {
      if (topic.equals(entry.path("topic").asText())) {
        events.add(JSON.readTree(entry.path("event").asText()));
      }
    }
    return events;
  }

  /** The incidents publisher-service recorded, newest first. */
  JsonNode incidents() throws Exception {
    URI uri = URI.create(config.service("publisher-service").url() + "/incidents?limit=1000");
    return JSON.readTree(
        http.send(secrets.signedIn(uri).build(), HttpResponse.BodyHandlers.ofString()).body());
  }

  private static boolean complete(JsonNode view) {
    try {
      return Night.complete(view);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    cloud.close();
  }
}
