package io.pipelinemedic.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.pipelinemedic.dbt.scenario.ScenarioRun;
import io.pipelinemedic.stack.demo.ExampleTeam;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An incident's whole life on the running system, with the example team's new-order-status night (a
 * KB recipe): dbt Cloud's API down, so context-service gives up and the incident is FAILED with the
 * cause on its record; {@code ./medic redrive run.failed} once the API is back, and the incident
 * goes on to its verified fix, one timeline, nothing twice; a passing run of the job resolves it;
 * GitHub's signed {@code pull_request} webhook for its fix branch, merged, makes it FIXED, while
 * the same webhook with a wrong signature is refused and changes nothing.
 */
@ExtendWith(SystemUnderTest.Shared.class)
class LifecycleIT {

  private static final Duration WAIT = Duration.ofMinutes(3);

  @Test
  void failedRedrivenFixedResolvedOneTimeline(SystemUnderTest system) throws Exception {
    StackConfig config = system.config();
    try (ExampleNights team = new ExampleNights(config)) {
      ScenarioRun night = team.prepare("03-");

      // the API answers 503 to every attempt context-service makes
      team.cloud().failNext(503, 503, 503, 503, 503, 503, 503, 503, 503, 503);
      Instant sent = Instant.now();
      String incident = team.deliver(night);
      JsonNode failed = team.await(incident, v -> status(v).equals("FAILED"), WAIT);
      Duration toFailed = Duration.between(sent, Instant.now());
      assertThat(failed.toString())
          .contains("context-service gave up on the run.failed event")
          .contains("503");

      team.cloud().clearFaults();
      Instant redriven = Instant.now();
      ByteArrayOutputStream said = new ByteArrayOutputStream();
      int exit =
          new Redrive(config, new PrintStream(said, true, StandardCharsets.UTF_8))
              .run(List.of("run.failed", "--incident", incident));
      System.out.print(said.toString(StandardCharsets.UTF_8));
      assertThat(exit).isZero();
      assertThat(said.toString(StandardCharsets.UTF_8))
          .contains("1 record sent back to run.failed");

      JsonNode done = team.awaitComplete(incident);
      Duration toPublished = Duration.between(redriven, Instant.now());
      assertThat(status(done)).isEqualTo("PUBLISHED");
      assertThat(topics(done))
          .as("one timeline, nothing twice")
          .containsOnlyOnce("run.failed", "run.failed.dlq", "redrive", "context.ready")
          .containsOnlyOnce("classified", "fix.proposed");
      List<String> branches =
          new ExampleTeam(config.exampleTeam())
              .fixBranches().stream().filter(b -> b.startsWith("medic/" + incident + "-")).toList();
      assertThat(branches).hasSize(1);

      // the job passes: the incident is resolved
      Instant passed = Instant.now();
      JsonNode pass = team.pass(night);
      assertThat(pass.path("httpStatus").asInt()).as(pass.toString()).isEqualTo(202);
      assertThat(pass.path("status").asText()).isEqualTo("passed");
      JsonNode resolved = team.await(incident, v -> status(v).equals("RESOLVED"), WAIT);
      Duration toResolved = Duration.between(passed, Instant.now());
      assertThat(resolved.at("/incident/resolvedAt").isNull()).isFalse();

      // a person merges the fix: signed, it is FIXED; with a wrong signature, nothing changes
      String secret = Secrets.loadOrCreate(config.home()).get("github");
      String body = closedPullRequest(branches.get(0));
      assertThat(github(config, body, sign("not-the-secret", body)).statusCode()).isEqualTo(401);
      assertThat(status(team.view(incident))).isEqualTo("RESOLVED");
      Instant reviewed = Instant.now();
      HttpResponse<String> merged = github(config, body, sign(secret, body));
      assertThat(merged.statusCode()).as(merged.body()).isEqualTo(202);
      JsonNode fixed = team.await(incident, v -> status(v).equals("FIXED"), WAIT);
      assertThat(fixed.at("/incident/fixCommit").asText()).isEqualTo("f".repeat(40));
      assertThat(fixed.at("/incident/reviewedBy").asText()).isEqualTo("ana-analytics");
      System.out.printf(
          "webhook → FAILED %.1f s; redrive → published %.1f s; pass → RESOLVED %.1f s;"
              + " merge → FIXED %.1f s; timeline %s%n",
          seconds(toFailed),
          seconds(toPublished),
          seconds(toResolved),
          seconds(Duration.between(reviewed, Instant.now())),
          topics(fixed));
    }
  }

  private static double seconds(Duration duration) {
    return duration.toMillis() / 1000.0;
  }

  private static String status(JsonNode view) {
    return view.at("/incident/status").asText();
  }

  private static List<String> topics(JsonNode view) {
    return java.util.stream.StreamSupport.stream(view.path("timeline").spliterator(), false)
        .map(entry -> entry.path("topic").asText())
        .toList();
  }

  /** GitHub's pull_request webhook: the fix's pull request merged. */
  private static String closedPullRequest(String branch) {
    return """
        {"action": "closed", "number": 7,
         "pull_request": {"html_url": "https://github.com/shop-data/analytics/pull/7", "number": 7,
           "state": "closed", "merged": true, "merge_commit_sha": "%s",
           "merged_by": {"login": "ana-analytics", "id": 5521},
           "closed_at": "2026-12-06T09:41:28Z", "head": {"ref": "%s", "sha": "%s",
             "repo": {"full_name": "shop-data/analytics"}}},
         "repository": {"full_name": "shop-data/analytics"},
         "sender": {"login": "ana-analytics", "id": 5521}}"""
        .formatted("f".repeat(40), branch, "e".repeat(40));
  }

  private static HttpResponse<String> github(StackConfig config, String body, String signature)
      throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(
                    URI.create(config.service("ingest-service").url() + "/webhooks/github"))
                .header("X-GitHub-Event", "pull_request")
                .header("X-Hub-Signature-256", signature)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  private static String sign(String secret, String body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
  }
}
