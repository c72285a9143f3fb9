package io.pipelinemedic.ingest.github;

import static io.pipelinemedic.ingest.Deliveries.eventsKeyed;
import static io.pipelinemedic.ingest.Deliveries.fill;
import static io.pipelinemedic.ingest.Deliveries.sign;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.pipelinemedic.ingest.Deliveries;
import io.pipelinemedic.schemas.FixReviewed;
import io.pipelinemedic.schemas.Topics;
import io.pipelinemedic.testsupport.KafkaBrokerResource;
import io.pipelinemedic.testsupport.PostgresResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * GitHub's {@code pull_request} webhook on the real broker: a fix's pull request merged or closed
 * is one {@code fix.reviewed} per delivery id, signed with {@code X-Hub-Signature-256}; a wrong
 * signature is 401 and publishes nothing; other events, actions and branches, and a fork's pull
 * request, are ignored.
 */
@QuarkusTest
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
class GitHubWebhookServiceTest {

  @Test
  void aMergedFixIsOneFixReviewedWithItsMergeCommitAndWhoMergedIt() {
    int number = newNumber();
    String body = closed(number, "medic/inc-1-g1", true);
    String delivery = UUID.randomUUID().toString();

    post(body, signed(body), "pull_request", delivery)
        .then()
        .statusCode(202)
        .body("status", equalTo("reviewed"))
        .body("reason", containsString("merged"));
    post(body, signed(body), "pull_request", delivery).then().statusCode(202);

    List<FixReviewed> events = eventsKeyed(Topics.FIX_REVIEWED, url(number), FixReviewed.class);
    assertThat(events).hasSize(2);
    assertThat(events.get(1).envelope().eventId())
        .as("GitHub's redelivery is the same event")
        .isEqualTo(events.get(0).envelope().eventId());
    FixReviewed event = events.get(0);
    assertThat(event.merged()).isTrue();
    assertThat(event.mergeCommitSha()).isEqualTo("9c1e4b7d2a3f5e6b8c0d1e2f3a4b5c6d7e8f9a0b");
    assertThat(event.closedBy()).isEqualTo("ana-analytics");
    assertThat(event.repository()).isEqualTo("shop-data/analytics");
    assertThat(event.branch()).isEqualTo("medic/inc-1-g1");
    assertThat(event.closedAt()).isEqualTo(Instant.parse("2026-11-21T09:41:28Z"));
  }

  @Test
  void aFixClosedUnmergedSaysWhoClosedItAndNoCommit() {
    int number = newNumber();
    String body = closed(number, "medic/inc-2-g1", false);

    post(body, signed(body), "pull_request", null)
        .then()
        .statusCode(202)
        .body("reason", containsString("closed unmerged"));

    FixReviewed event = eventsKeyed(Topics.FIX_REVIEWED, url(number), FixReviewed.class).get(0);
    assertThat(event.merged()).isFalse();
    assertThat(event.mergeCommitSha()).isNull();
    assertThat(event.closedBy()).isEqualTo("bo-reviewer");
  }

  @Test
  void aWrongSignatureIs401AndPublishesNothing() {
    int number = newNumber();
    String body = closed(number, "medic/inc-3-g1", true);

    post(body, "sha256=" + sign("not-the-secret", body), "pull_request", null)
        .then()
        .statusCode(401)
        .body("reason", containsString("signature does not match"));
    post(body, sign(Deliveries.GITHUB_SECRET, body), "pull_request", null)
        .then()
        .statusCode(401)
        .body("reason", containsString("X-Hub-Signature-256"));

    assertThat(eventsKeyed(Topics.FIX_REVIEWED, url(number), FixReviewed.class)).isEmpty();
  }

  @Test
  void otherEventsActionsAndBranchesAreIgnored() {
    String ping = "{\"zen\":\"Keep it logically awesome.\",\"hook_id\":1}";
    post(ping, signed(ping), "ping", null)
        .then()
        .statusCode(200)
        .body("reason", containsString("event ping"));
    int number = newNumber();
    String opened = closed(number, "medic/inc-4-g1", false).replace("\"closed\"", "\"opened\"");
    post(opened, signed(opened), "pull_request", null)
        .then()
        .statusCode(200)
        .body("reason", containsString("action opened"));
    String theirs = closed(number, "feature/new-mart", true);
    post(theirs, signed(theirs), "pull_request", null)
        .then()
        .statusCode(200)
        .body("reason", containsString("feature/new-mart"));
    String fork =
        closed(number, "medic/inc-5-g1", false)
            .replaceFirst(
                "\"full_name\": \"shop-data/analytics\", \"private\": true",
                "\"full_name\": \"mallory/analytics\", \"private\": false");
    post(fork, signed(fork), "pull_request", null)
        .then()
        .statusCode(200)
        .body("reason", containsString("comes from mallory/analytics"));
    String broken = "{\"action\":\"closed\",\"pull_request\":{}}";
    post(broken, signed(broken), "pull_request", null)
        .then()
        .statusCode(400)
        .body("reason", containsString("pull_request.html_url"));

    assertThat(eventsKeyed(Topics.FIX_REVIEWED, url(number), FixReviewed.class)).isEmpty();
  }

  private static String closed(int number, String branch, boolean merged) {
    return fill(
        "webhooks/github-pull-request-closed.json",
        Map.of(
            "number",
            String.valueOf(number),
            "branch",
            branch,
            "merged",
            String.valueOf(merged),
            "mergedAt",
            merged ? "\"2026-11-21T09:41:28Z\"" : "null",
            "mergedBy",
            merged ? "{\"login\": \"ana-analytics\", \"id\": 5521}" : "null",
            "sender",
            merged ? "ana-analytics" : "bo-reviewer"));
  }

  private static String signed(String body) {
    return "sha256=" + sign(Deliveries.GITHUB_SECRET, body);
  }

  private static String url(int number) {
    return "https://github.com/shop-data/analytics/pull/" + number;
  }

  private static int newNumber() {
    return ThreadLocalRandom.current().nextInt(1, Integer.MAX_VALUE);
  }

  private static Response post(String body, String signature, String event, String delivery) {
    var request =
        given()
            .header("X-GitHub-Event", event)
            .contentType("application/json")
            .body(body.getBytes(StandardCharsets.UTF_8));
    if (signature != null) {
      request.header("X-Hub-Signature-256", signature);
    }
    if (delivery != null) {
      request.header("X-GitHub-Delivery", delivery);
    }
    return request.post("/webhooks/github");
  }
}
