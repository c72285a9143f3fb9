package io.pipelinemedic.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pipelinemedic.dbt.DbtResult;
import io.pipelinemedic.dbt.scenario.Scenario;
import io.pipelinemedic.dbt.scenario.ScenarioRun;
import io.pipelinemedic.dbt.scenario.ScenarioRunner;
import io.pipelinemedic.stack.demo.DbtCloudWebhook;
import io.pipelinemedic.stack.demo.ExampleDbtCloud;
import io.pipelinemedic.stack.demo.ExampleTeam;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code ./medic demo}: plays the example team's failing nights through the running system, one
 * scenario a night. dbt runs the nightly job against that night's production warehouse, the example
 * dbt Cloud account serves the run, its signed webhook goes to ingest-service, and the incident is
 * followed on publisher-service's record until every root cause has its outcome; a summary ends it.
 */
public final class Demo {

  private static final Duration NIGHT_TIMEOUT = Duration.ofMinutes(6);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What is done with each night: before its webhook, and once it has its outcome. */
  public interface NightObserver {

    /** The night's job ran and production is the night's; its webhook is not sent yet. */
    default void played(Scenario scenario, ScenarioRun played) throws Exception {}

    /** The night has its outcome; the next one has not replaced the team's production yet. */
    void after(Scenario scenario, ScenarioRun played, Night night) throws Exception;
  }

  private final StackConfig config;
  private final PrintStream out;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  public Demo(StackConfig config, PrintStream out) {
    this.config = config;
    this.out = out;
  }

  /** Plays the named scenarios (every failing one when none is named); 0 when all completed. */
  int run(List<String> names) throws Exception {
    List<Scenario> scenarios = new ArrayList<>();
    for (Scenario scenario : ScenarioRunner.scenarios(config.root())) {
      boolean fails = scenario.expected().rootCause() != null;
      if (names.isEmpty() ? fails : names.contains(scenario.name())) {
        scenarios.add(scenario);
      }
    }
    if (scenarios.isEmpty()) {
      out.println("no such scenario: " + names + "; see examples/scenarios/");
      return 2;
    }
    List<Night> nights;
    try {
      nights = play(scenarios);
    } catch (IllegalArgumentException e) {
      out.println("Not played: " + e.getMessage());
      return 2;
    }
    summarise(nights);
    return nights.stream().allMatch(Night::complete) ? 0 : 1;
  }

  /** Plays {@code scenarios}, one a night, through the running system, printing as it goes. */
  public List<Night> play(List<Scenario> scenarios) throws Exception {
    return play(scenarios, (scenario, played, night) -> {});
  }

  /** Plays {@code scenarios} as {@link #play(List)} does, each night shown to {@code observer}. */
  public List<Night> play(List<Scenario> scenarios, NightObserver observer) throws Exception {
    Secrets secrets = Secrets.loadOrCreate(config.home());
    ExampleTeam team = new ExampleTeam(config.exampleTeam());
    ScenarioRunner runner =
        new ScenarioRunner(config.root(), ExampleTeam.warehouse(config, PostgresNode.USER));
    List<Night> nights = new ArrayList<>();
    try (ExampleDbtCloud cloud =
        new ExampleDbtCloud(secrets.get("dbt-cloud-api"), config.exampleDbtCloudPort())) {
      for (Scenario scenario : scenarios) {
        out.printf(
            "%nNight %d of %d: %s%n  %s%n",
            nights.size() + 1,
            scenarios.size(),
            scenario.name(),
            scenario.description().strip().lines().findFirst().orElse(""));
        Instant playing = Instant.now();
        ScenarioRun night =
            runner.run(scenario, config.home().resolve("nights").resolve(scenario.name()));
        team.take(scenario.name(), night);
        out.printf(
            "  the nightly job ran with dbt in %.1f s: %s%n",
            since(playing).toMillis() / 1000.0,
            night.stoppedAtDeps()
                ? step(night.deps()) + ", nothing else ran"
                : night.steps().stream().map(Demo::step).collect(Collectors.joining(", ")));
        observer.played(scenario, night);
        String runId = String.valueOf(System.currentTimeMillis());
        cloud.serve(runId, ExampleDbtCloud.Run.of(runId, night));
        Instant sent = Instant.now();
        String incident = deliver(secrets.get("dbt-cloud"), runId, scenario.project());
        out.println("  dbt Cloud's webhook delivered: " + incident);
        Night played = follow(scenario, incident, sent, secrets);
        nights.add(played);
        observer.after(scenario, night, played);
      }
    }
    return nights;
  }

  private String deliver(String secret, String runId, String project)
      throws IOException, InterruptedException {
    URI target = URI.create(config.service("ingest-service").url() + "/webhooks/dbt-cloud");
    HttpResponse<String> response =
        http.send(
            DbtCloudWebhook.delivery(target, secret, "wev_demo_" + runId, runId, project),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 202) {
      throw new IOException(
          "ingest-service answered " + response.statusCode() + ": " + response.body());
    }
    return JSON.readTree(response.body()).path("incidentId").asText();
  }

  /** Prints the incident's timeline as it grows, until every root cause has its outcome. */
  private Night follow(Scenario scenario, String incident, Instant sent, Secrets secrets)
      throws IOException, InterruptedException {
    URI uri = URI.create(config.service("publisher-service").url() + "/incidents/" + incident);
    int shown = 0;
    JsonNode view = null;
    Instant deadline = sent.plus(NIGHT_TIMEOUT);
    while (Instant.now().isBefore(deadline)) {
      HttpResponse<String> response =
          http.send(secrets.signedIn(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() == 200) {
        view = JSON.readTree(response.body());
        JsonNode timeline = view.path("timeline");
        for (; shown < timeline.size(); shown++) {
          JsonNode entry = timeline.get(shown);
          out.printf(
              "  %+7.1fs  %-16s %s%n",
              Duration.between(sent, Instant.parse(entry.path("occurredAt").asText())).toMillis()
                  / 1000.0,
              entry.path("topic").asText(),
              Night.shorten(entry.path("summary").asText(), 150));
        }
        if (Night.complete(view)) {
          return Night.of(scenario, incident, view, sent, true, incidentUrl(incident));
        }
      }
      Thread.sleep(500);
    }
    out.println("  not complete after " + NIGHT_TIMEOUT.toMinutes() + " min; see " + config.logs());
    return Night.of(scenario, incident, view, sent, false, incidentUrl(incident));
  }

  /** Prints one line per night, the fix branches on the team's remote, and where to look. */
  public void summarise(List<Night> nights) throws IOException {
    ExampleTeam team = new ExampleTeam(config.exampleTeam());
    out.printf(
        "%n%-26s %-10s %-7s %-58s %8s  %s%n",
        "scenario", "class", "action", "result", "took", "link");
    for (Night night : nights) {
      out.printf(
          "%-26s %-10s %-7s %-58s %7.1fs  %s%n",
          night.scenario(),
          night.failureClass(),
          night.action(),
          Night.shorten(night.complete() ? night.result() : "INCOMPLETE: " + night.result(), 58),
          night.took().toMillis() / 1000.0,
          night.link());
    }
    List<String> branches = team.fixBranches();
    out.printf("%nFix branches in %s:%n", team.remote());
    branches.forEach(branch -> out.println("  " + branch));
    String publisher = config.service("publisher-service").url();
    out.println(Secrets.pageLine(config));
    out.println(
        "Incidents as JSON: "
            + publisher
            + "/incidents, one by one at /incidents/{id}, with the header"
            + " Authorization: Bearer $(./medic secret api)");
  }

  /** A step as its dbt command without the options, e.g. {@code source freshness ok}. */
  private static String step(DbtResult step) {
    List<String> command = step.command();
    int end = 1;
    while (end < command.size() && !command.get(end).startsWith("-")) {
      end++;
    }
    return String.join(" ", command.subList(1, end)) + (step.succeeded() ? " ok" : " failed");
  }

  private static Duration since(Instant start) {
    return Duration.between(start, Instant.now());
  }

  private String incidentUrl(String incident) {
    return config.service("publisher-service").url() + "/incidents/" + incident;
  }
}
