package io.pipelinemedic.publisher;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.pipelinemedic.schemas.Classified;
import io.pipelinemedic.schemas.ContextReady;
import io.pipelinemedic.schemas.Envelope;
import io.pipelinemedic.schemas.EventJson;
import io.pipelinemedic.schemas.FixProposed;
import io.pipelinemedic.schemas.PipelineEvent;
import io.pipelinemedic.schemas.Published;
import io.pipelinemedic.schemas.RunFailed;
import io.pipelinemedic.schemas.Topics;
import io.pipelinemedic.schemas.model.Action;
import io.pipelinemedic.schemas.model.AgentCost;
import io.pipelinemedic.schemas.model.DecisionRule;
import io.pipelinemedic.schemas.model.FailureClass;
import io.pipelinemedic.schemas.model.FixOutcome;
import io.pipelinemedic.schemas.model.GitChange;
import io.pipelinemedic.schemas.model.Owner;
import io.pipelinemedic.schemas.model.PublicationKind;
import io.pipelinemedic.schemas.model.RootCauseGroup;
import io.pipelinemedic.schemas.model.RunRef;
import io.pipelinemedic.schemas.model.RunSource;
import io.pipelinemedic.testsupport.KafkaBrokerResource;
import io.pipelinemedic.testsupport.PostgresResource;
import io.pipelinemedic.testsupport.SignedIn;
import io.pipelinemedic.testsupport.TestRuns;
import io.pipelinemedic.testsupport.TopicRecords;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The incident record on the real broker and PostgreSQL: an incident's events from four topics (one
 * delivered twice) become one incident with one timeline entry per event, in the order they
 * happened, its stage and decision; the list filters, the figures count; a fix whose classification
 * never comes is given up with the reason; an incident a service gave up on is STOPPED with the
 * cause on its timeline; a record that is not its topic's event is dead-lettered with the cause.
 */
@QuarkusTest
@ExtendWith(SignedIn.class)
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
class IncidentRecordServiceTest {

  @Test
  void anIncidentsEventsBecomeItsTimelineOnceEach() throws Exception {
    String incident = "inc-" + UUID.randomUUID();
    Instant webhook = Instant.parse("2026-11-21T04:00:00Z");
    RunRef run = TestRuns.shopNightly("run-" + incident, "a".repeat(40));
    RootCauseGroup group =
        new RootCauseGroup(
            "g1",
            "model.shop.stg_orders",
            FailureClass.CODE,
            Action.RECIPE,
            DecisionRule.KB_ENTRY,
            0.9,
            "The KB entry new-order-status matches and says CODE.",
            "test.accepted_values",
            List.of("test.shop.accepted_values_stg_orders_status"),
            List.of(),
            "new-order-status",
            null,
            null,
            List.of(),
            new Owner("Commerce analytics", "commerce-data@shop.example", "commerce"));
    FixProposed fix =
        new FixProposed(
            envelope(incident, "agent-runner-service", webhook.plusSeconds(95)),
            "g1",
            "model.shop.stg_orders",
            Action.RECIPE,
            FixOutcome.VERIFIED,
            null,
            new GitChange(
                "file:///remote.git",
                run.gitSha(),
                "medic/" + incident + "-g1",
                "b".repeat(40),
                null,
                List.of()),
            "Added on_hold to the accepted values of stg_orders.status.",
            "new-order-status",
            null,
            List.of(),
            List.of(),
            new AgentCost("recipe", 0, 0, 0, 0, 9_000),
            null,
            group.owner(),
            0.9);
    List<PipelineEvent> events =
        List.of(
            new RunFailed(
                envelope(incident, "ingest-service", webhook),
                RunSource.DBT_CORE,
                "delivery-" + incident,
                "run.failed",
                true,
                run,
                null,
                null,
                List.of()),
            new ContextReady(
                envelope(incident, "context-service", webhook.plusSeconds(2)),
                RunSource.DBT_CORE,
                run,
                null,
                List.of(),
                List.of(),
                List.of(),
                List.of("model.shop.fct_orders")),
            new Classified(
                envelope(incident, "classifier-service", webhook.plusSeconds(3)),
                run,
                List.of(),
                List.of(),
                List.of(group),
                null),
            fix,
            fix);

    // out of order on purpose: the timeline follows occurredAt, the stage never moves back
    RecordMetadata last = null;
    for (PipelineEvent event :
        List.of(events.get(3), events.get(0), events.get(2), events.get(1), events.get(4))) {
      last = TopicRecords.send(topic(event), incident, EventJson.write(event));
    }
    // the duplicate delivery had its chance to add another entry
    TopicRecords.awaitConsumed("publisher-service", last, Duration.ofSeconds(60));

    // no channel is configured here: the fix's notice is published without a pull request
    JsonPath view = awaitTimeline(incident, 5);
    assertThat(view.getList("timeline.topic"))
        .containsExactly(
            Topics.RUN_FAILED,
            Topics.CONTEXT_READY,
            Topics.CLASSIFIED,
            Topics.FIX_PROPOSED,
            Topics.PUBLISHED);
    assertThat(view.getList("timeline.producer"))
        .containsExactly(
            "ingest-service",
            "context-service",
            "classifier-service",
            "agent-runner-service",
            "publisher-service");
    assertThat(view.getList("timeline.summary", String.class))
        .containsExactly(
            "Run run-" + incident + " of " + run.jobName() + " failed (DBT_CORE).",
            "0 failures extracted, 1 nodes skipped.",
            "CODE at model.shop.stg_orders → RECIPE (KB_ENTRY): The KB entry new-order-status matches and says CODE.",
            "RECIPE fix of model.shop.stg_orders: VERIFIED, commit "
                + "b".repeat(40)
                + " on medic/"
                + incident
                + "-g1, by recipe.",
            "FIX_VERIFIED: Fix verified on branch medic/"
                + incident
                + "-g1 (commit "
                + "b".repeat(40)
                + "); no GitHub repository is configured for a pull request.");
    assertThat(view.getString("incident.status")).isEqualTo("PUBLISHED");
    assertThat(view.getString("incident.failureClass")).isEqualTo("CODE");
    assertThat(view.getString("incident.action")).isEqualTo("RECIPE");
    assertThat(view.getString("incident.owner")).isEqualTo("Commerce analytics");
    assertThat(view.getString("incident.receivedAt")).isEqualTo("2026-11-21T04:00:00Z");

    given()
        .queryParam("status", "PUBLISHED")
        .queryParam("owner", "Commerce analytics")
        .queryParam("from", "2026-11-21T00:00:00Z")
        .queryParam("to", "2026-11-22T00:00:00Z")
        .when()
        .get("/incidents")
        .then()
        .statusCode(200)
        .body("find { it.incidentId == '" + incident + "' }.jobName", equalTo(run.jobName()));
    given().queryParam("from", "yesterday").when().get("/incidents").then().statusCode(400);
    given().when().get("/incidents/no-such-incident").then().statusCode(404);
    JsonPath summary =
        given()
            .queryParam("from", "2026-11-21T00:00:00Z")
            .queryParam("to", "2026-11-22T00:00:00Z")
            .when()
            .get("/incidents/summary")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(summary.getLong("byClass.CODE")).isPositive();
    assertThat(summary.getLong("byStatus.PUBLISHED")).isPositive();
    assertThat(summary.getLong("medianSecondsToPublished")).isNotNull();
  }

  @Test
  void aFixWhoseClassificationNeverComesIsGivenUpWithTheReasonWherePeopleLook() throws Exception {
    String incident = "inc-" + UUID.randomUUID();
    TopicRecords.send(
        Topics.FIX_PROPOSED, incident, EventJson.write(OutcomeEvents.verifiedFix(incident)));

    ConsumerRecord<String, byte[]> dead =
        TopicRecords.awaitKey(incident, Duration.ofSeconds(60), Topics.dlq(Topics.FIX_PROPOSED));

    assertThat(TopicRecords.header(dead, "dead-letter-reason"))
        .isEqualTo(
            "published: no classification of incident " + incident + " was recorded within PT3S");
    JsonPath view = given().when().get("/incidents/" + incident).jsonPath();
    assertThat(view.getString("publications.find { it.key.channel == 'published' }.status"))
        .isEqualTo("FAILED");
    assertThat(view.getString("publications.find { it.key.channel == 'published' }.detail"))
        .startsWith("published: no classification of incident");
  }

  @Test
  void anIncidentAServiceGaveUpOnIsFailedWithTheCauseAndGoesOnOnceRedriven() throws Exception {
    String incident = "inc-" + UUID.randomUUID();
    RunFailed failed =
        new RunFailed(
            envelope(incident, "ingest-service", Instant.parse("2026-11-21T04:00:00Z")),
            RunSource.DBT_CLOUD,
            "wev_" + incident,
            "job.run.completed",
            null,
            TestRuns.shopNightly("run-" + incident, "a".repeat(40)),
            null,
            null,
            List.of());
    String reason =
        incident
            + ": run 7 was reported failed, but its artifacts show no failed or errored node: the"
            + " evidence is missing or contradicts the run's status";
    TopicRecords.send(Topics.RUN_FAILED, incident, EventJson.write(failed));
    RecordMetadata last = null;
    for (int delivery = 0; delivery < 2; delivery++) {
      last =
          TopicRecords.send(
              Topics.dlq(Topics.RUN_FAILED),
              incident,
              EventJson.write(failed),
              Map.of("dead-letter-reason", reason));
    }
    TopicRecords.awaitConsumed("publisher-service", last, Duration.ofSeconds(60));

    JsonPath view = awaitTimeline(incident, 3);
    assertThat(view.getString("incident.status")).isEqualTo("FAILED");
    assertThat(view.getString("incident.failedStage")).isEqualTo("RECEIVED");
    assertThat(view.getList("timeline.topic"))
        .as("one entry per dead letter, however often it is delivered, and its notice")
        .containsExactlyInAnyOrder(
            Topics.RUN_FAILED, Topics.dlq(Topics.RUN_FAILED), Topics.PUBLISHED);
    String failure =
        "context-service gave up on the run.failed event ("
            + reason
            + "). Once the cause is fixed, redrive it: ./medic redrive run.failed.";
    assertThat(view.getList("timeline.summary", String.class)).contains("Failed: " + failure);
    Published notice =
        EventJson.read(
            TopicRecords.awaitKey(incident, Duration.ofSeconds(60), Topics.PUBLISHED).value(),
            Published.class);
    assertThat(notice.kind()).isEqualTo(PublicationKind.PIPELINE_FAILED);
    assertThat(notice.failureClass()).isEqualTo(FailureClass.UNKNOWN);
    assertThat(notice.summary())
        .startsWith("Pipeline Medic stopped: context-service gave up on the run.failed event (")
        .endsWith("./medic redrive run.failed --incident " + incident);
    assertThat(view.getString("incident.status"))
        .as("its own notice fails it still")
        .isEqualTo("FAILED");

    // the cause fixed, the dead letters go back once: the same event twice is sent once
    int before = TopicRecords.matching(Topics.RUN_FAILED, r -> incident.equals(r.key())).size();
    JsonPath redriven =
        given()
            .post("/dead-letters/run.failed/redrive?incident=" + incident)
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(redriven.getList("redriven." + incident)).hasSize(1);
    assertThat(redriven.getMap("skipped").values())
        .anyMatch(v -> v.toString().startsWith("the same event"));
    given()
        .post("/dead-letters/run.failed/redrive?incident=" + incident)
        .then()
        .statusCode(200)
        .body("redriven", org.hamcrest.Matchers.anEmptyMap());
    assertThat(TopicRecords.matching(Topics.RUN_FAILED, r -> incident.equals(r.key())))
        .hasSize(before + 1)
        .last()
        .satisfies(
            r -> {
              assertThat(r.value()).isEqualTo(EventJson.write(failed));
              assertThat(TopicRecords.header(r, "dead-letter-reason")).isNull();
            });
    JsonPath after = awaitTimeline(incident, 4);
    assertThat(after.getString("incident.status")).isEqualTo("RECEIVED");
    assertThat(after.getList("timeline.summary", String.class))
        .anyMatch(
            line -> line.startsWith("Redriven: 1 record from run.failed.dlq back to its topic"));
    given().post("/dead-letters/no.such.topic/redrive").then().statusCode(400);
  }

  @Test
  void aRecordThatIsNotItsTopicsEventIsDeadLettered() throws Exception {
    String key = "inc-" + UUID.randomUUID();
    TopicRecords.send(
        Topics.FIX_PROPOSED, key, "{\"groupId\":\"g1\"}".getBytes(StandardCharsets.UTF_8));

    ConsumerRecord<String, byte[]> record =
        TopicRecords.awaitKey(key, Duration.ofSeconds(60), Topics.dlq(Topics.FIX_PROPOSED));

    assertThat(TopicRecords.header(record, "dead-letter-reason"))
        .isEqualTo("not a fix.proposed event: no envelope, eventId or incidentId");
  }

  private static Envelope envelope(String incident, String producer, Instant at) {
    return new Envelope(
        UUID.randomUUID().toString(), incident, at, Envelope.SCHEMA_VERSION, producer);
  }

  private static String topic(PipelineEvent event) {
    return io.pipelinemedic.schemas.EventType.of(event).topic();
  }

  private static JsonPath awaitTimeline(String incident, int entries) throws InterruptedException {
    Instant deadline = Instant.now().plusSeconds(60);
    JsonPath view = null;
    while (Instant.now().isBefore(deadline)) {
      var response = given().when().get("/incidents/" + incident);
      if (response.statusCode() == 200) {
        view = response.jsonPath();
        if (view.getList("timeline").size() >= entries) {
          return view;
        }
      }
      Thread.sleep(200);
    }
    throw new AssertionError(
        "the timeline of "
            + incident
            + " did not reach "
            + entries
            + ": "
            + (view == null ? "no incident" : view.prettify()));
  }
}
