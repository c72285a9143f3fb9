package io.pipelinemedic.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pipelinemedic.dbt.scenario.Scenario;
import io.pipelinemedic.dbt.scenario.ScenarioRun;
import io.pipelinemedic.dbt.scenario.ScenarioRunner;
import io.pipelinemedic.schemas.Topics;
import io.pipelinemedic.stack.demo.ExampleTeam;
import io.pipelinemedic.testsupport.TopicRecords;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The whole system as {@code ./medic demo} runs it: the six packaged services as processes on a
 * real broker and PostgreSQL, every failing scenario of the example shop (and two of the second
 * example project) played as a night with real dbt through dbt Cloud's webhook, and each incident
 * followed to its outcome: what the scenario's ground truth says, fixes verified and pushed to the
 * team's remote, reports with their email drafts, transient failures noted. Prints the time from
 * webhook to each stage. Then the incident page, as a person sees it in a real headless Chromium;
 * the same webhook delivered eight times at once; and a poison record on every pipeline topic,
 * dead-lettered with its cause while the nights go on.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(SystemUnderTest.Shared.class)
class NightsIT {

  private static final Path ROOT = SystemUnderTest.ROOT;

  private static StackConfig config;

  /**
   * The nights of the second example project played here (`./medic eval` plays them all): a RECIPE
   * in a dbt build job, so the sandbox installs the project's own package and the recipe must find
   * the mart's list the failed run never tested; and a job that stopped at its {@code dbt deps}
   * step, whose step log is the run's only evidence.
   */
  private static final Set<String> OTHERS =
      Set.of("20-new-subscription-status", "23-package-path-typo");

  private static List<Night> nights = List.of();

  @BeforeAll
  static void takeTheSystem(SystemUnderTest system) {
    config = system.config();
  }

  @Test
  @Order(0)
  void poisonOnEveryPipelineTopicGoesToItsDeadLetterTopicAndThePipelineGoesOn() throws Exception {
    try (KafkaProducer<String, byte[]> producer = producer()) {
      for (String topic : Topics.PIPELINE) {
        producer
            .send(
                new ProducerRecord<>(
                    topic, "poison-" + topic, "{not json".getBytes(StandardCharsets.UTF_8)))
            .get();
      }
    }
    // the nights played next show the pipeline goes on; the dead letters are checked at the end
  }

  @Test
  @Order(1)
  void everyFailingNightEndsAsItsGroundTruthSays() throws Exception {
    List<Scenario> scenarios =
        ScenarioRunner.scenarios(ROOT).stream()
            .filter(scenario -> scenario.expected().rootCause() != null)
            .filter(
                scenario -> scenario.project().equals("shop") || OTHERS.contains(scenario.name()))
            .toList();
    Demo demo = new Demo(config, System.out);

    nights = demo.play(scenarios);
    demo.summarise(nights);
    printStages(nights);

    for (int i = 0; i < scenarios.size(); i++) {
      Scenario.Expected expected = scenarios.get(i).expected();
      Night night = nights.get(i);
      assertThat(night.complete()).as(night.scenario() + " completed").isTrue();
      assertThat(night.failureClass()).as(night.scenario()).isEqualTo(expected.failureClass());
      assertThat(night.action()).as(night.scenario()).isEqualTo(expected.action());
      switch (expected.action()) {
        case "RECIPE" -> {
          assertThat(night.result()).as(night.scenario()).isEqualTo("fix verified by dbt, pushed");
          assertThat(night.link()).startsWith("medic/" + night.incidentId() + "-");
        }
        case "AGENT" ->
            assertThat(night.result())
                .as(night.scenario() + ": no coding agent is configured in the demo")
                .startsWith("fix failed: no coding agent is configured");
        case "REPORT" ->
            assertThat(night.result()).as(night.scenario()).startsWith("report + email draft to ");
        default ->
            assertThat(night.result()).as(night.scenario()).isEqualTo("transient: nothing to do");
      }
    }
    List<String> branches = new ExampleTeam(config.exampleTeam()).fixBranches();
    for (int i = 0; i < scenarios.size(); i++) {
      String incident = nights.get(i).incidentId();
      assertThat(branches)
          .as(scenarios.get(i).name() + ": one fix branch for a RECIPE night, none for another")
          .filteredOn(branch -> branch.startsWith("medic/" + incident + "-"))
          .hasSize("RECIPE".equals(scenarios.get(i).expected().action()) ? 1 : 0);
    }
  }

  @Test
  @Order(2)
  void theIncidentPageShowsEachNightAsAPersonReadsItInABrowser() throws Exception {
    assertThat(nights).as("the nights were played").isNotEmpty();
    IncidentPages pages = new IncidentPages(config);
    List<Scenario> scenarios = ScenarioRunner.scenarios(ROOT);
    Night recipe = night("03-new-order-status");
    Night source = night("02-duplicate-order-lines");

    assertThat(pages.recipeNight(recipe, expected(scenarios, recipe)).select(".diff tr.add").text())
        .as("scenario 03's fix adds the new status")
        .contains("on_hold");
    pages.sourceNight(source, expected(scenarios, source));
    pages.charts();
    Document list = pages.open("/");
    for (Night night : nights) {
      assertThat(list.select("#incidents tr[data-id=" + night.incidentId() + "]"))
          .as("a row for " + night.scenario())
          .hasSize(1);
    }
    for (Path shot :
        List.of(
            pages.screenshot("/", "incident-list", 1400),
            pages.screenshot("/?incident=" + recipe.incidentId(), "recipe-night", 2400),
            pages.screenshot("/?incident=" + source.incidentId(), "source-night", 2400))) {
      System.out.println("incident page screenshot: " + shot);
    }
  }

  private static Night night(String scenario) {
    return nights.stream()
        .filter(night -> night.scenario().equals(scenario))
        .findFirst()
        .orElseThrow(() -> new AssertionError(scenario + " was not played"));
  }

  private static Scenario.Expected expected(List<Scenario> scenarios, Night night) {
    return scenarios.stream()
        .filter(scenario -> scenario.name().equals(night.scenario()))
        .findFirst()
        .orElseThrow()
        .expected();
  }

  @Test
  @Order(3)
  void theSameWebhookDeliveredManyTimesAtOnceIsOneIncidentAndOneFix() throws Exception {
    try (ExampleNights team = new ExampleNights(config)) {
      ScenarioRun night = team.prepare("03-");

      List<JsonNode> answers = team.deliver(night, 8);

      assertThat(answers)
          .extracting(a -> a.path("incidentId").asText())
          .containsOnly(answers.get(0).path("incidentId").asText());
      assertThat(answers)
          .extracting(a -> a.path("status").asText())
          .containsOnlyOnce("accepted")
          .contains("duplicate");
      String incident = answers.get(0).path("incidentId").asText();
      JsonNode view = team.awaitComplete(incident);
      String runId = view.at("/incident/runId").asText();
      assertThat(team.incidents())
          .filteredOn(row -> runId.equals(row.path("runId").asText()))
          .as("incidents of run " + runId)
          .hasSize(1);
      assertThat(new ExampleTeam(config.exampleTeam()).fixBranches())
          .filteredOn(branch -> branch.startsWith("medic/" + incident + "-"))
          .hasSize(1);
    }
  }

  @Test
  @Order(4)
  void thePoisonWasDeadLetteredWithItsCause() throws Exception {
    Map<String, String> reasons = new TreeMap<>();
    for (String topic : Topics.PIPELINE) {
      for (ConsumerRecord<String, byte[]> record :
          TopicRecords.all(config.bootstrapServers(), Topics.dlq(topic))) {
        Header reason = record.headers().lastHeader("dead-letter-reason");
        if (("poison-" + topic).equals(record.key()) && reason != null) {
          reasons.put(topic, new String(reason.value(), StandardCharsets.UTF_8));
        }
      }
    }
    reasons.forEach((topic, reason) -> System.out.println(topic + ".dlq: " + reason));
    assertThat(reasons.keySet()).containsExactlyInAnyOrderElementsOf(Topics.PIPELINE);
    assertThat(reasons.values()).allMatch(reason -> reason.contains("not a "));
  }

  /**
   * After every night, the poison and the duplicates: no value of the stack's secrets (webhook
   * secrets, the upload token, the dbt Cloud token) in any record or header of any topic, nor in
   * any answer of the incident API.
   */
  @Test
  @Order(5)
  void noSecretIsInAnyEventOrAnswer() throws Exception {
    Secrets stack = Secrets.loadOrCreate(config.home());
    List<String> secrets = Secrets.ENVIRONMENT.keySet().stream().map(stack::get).toList();
    List<String> found = new ArrayList<>();
    int records = 0;
    for (String topic : Topics.ALL) {
      for (ConsumerRecord<String, byte[]> record :
          TopicRecords.all(config.bootstrapServers(), topic)) {
        records++;
        StringBuilder text = new StringBuilder(String.valueOf(record.key()));
        if (record.value() != null) {
          text.append(new String(record.value(), StandardCharsets.UTF_8));
        }
        record.headers().forEach(h -> text.append(new String(h.value(), StandardCharsets.UTF_8)));
        secrets.stream()
            .filter(secret -> text.indexOf(secret) >= 0)
            .forEach(secret -> found.add(topic + " offset " + record.offset()));
      }
    }
    HttpClient http = HttpClient.newHttpClient();
    String publisher = config.service("publisher-service").url();
    List<String> answers = new ArrayList<>();
    answers.add(get(http, publisher + "/incidents"));
    for (JsonNode incident : new ObjectMapper().readTree(answers.get(0))) {
      answers.add(get(http, publisher + "/incidents/" + incident.path("incidentId").asText()));
    }
    answers.add(get(http, config.service("kb-sync-service").url() + "/kb/entries"));
    answers.add(get(http, config.service("kb-sync-service").url() + "/kb/sync"));
    for (String answer : answers) {
      secrets.stream().filter(answer::contains).forEach(secret -> found.add("an API answer"));
    }
    System.out.printf(
        "secrets scanned for: %d, in %d records and %d API answers%n",
        secrets.size(), records, answers.size());
    assertThat(records).isPositive();
    assertThat(found).isEmpty();
  }

  private static String get(HttpClient http, String url) throws Exception {
    HttpResponse<String> response =
        http.send(
            Secrets.loadOrCreate(config.home()).signedIn(URI.create(url)).build(),
            BodyHandlers.ofString());
    assertThat(response.statusCode()).as(url).isEqualTo(200);
    return response.body();
  }

  private static KafkaProducer<String, byte[]> producer() {
    return new KafkaProducer<>(
        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers()),
        new StringSerializer(),
        new ByteArraySerializer());
  }

  private static void printStages(List<Night> nights) {
    List<String> topics =
        List.of(
            "run.failed",
            "context.ready",
            "classified",
            "fix.proposed",
            "source.reported",
            "published");
    System.out.printf("%n%-26s", "webhook → (s)");
    topics.forEach(topic -> System.out.printf(" %15s", topic));
    System.out.println();
    for (Night night : nights) {
      System.out.printf("%-26s", night.scenario());
      for (String topic : topics) {
        Duration at = night.stages().get(topic);
        System.out.printf(
            " %15s", at == null ? "—" : String.format("%.1f", at.toMillis() / 1000.0));
      }
      System.out.println();
    }
  }
}
