package io.pipelinemedic.publisher;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pipelinemedic.publisher.standins.ChannelStandIns;
import io.pipelinemedic.schemas.EventJson;
import io.pipelinemedic.schemas.FixProposed;
import io.pipelinemedic.schemas.PipelineEvent;
import io.pipelinemedic.schemas.Published;
import io.pipelinemedic.schemas.Topics;
import io.pipelinemedic.schemas.model.FixOutcome;
import io.pipelinemedic.schemas.model.PublicationKind;
import io.pipelinemedic.testsupport.KafkaBrokerResource;
import io.pipelinemedic.testsupport.PostgresResource;
import io.pipelinemedic.testsupport.SignedIn;
import io.pipelinemedic.testsupport.TopicRecords;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The publisher against its channels' stand-ins (GitHub REST v3 over a real bare git remote,
 * Slack's Web API, Jira Cloud REST v3) on the real broker and PostgreSQL: pull requests, the
 * incident's Slack message and thread, Jira tickets, email drafts and the {@code published} events
 * with their links and routing headers; redeliveries repeat nothing; one channel's outage loses
 * none of the others, and its delivery is retried, then dead-lettered with the cause.
 */
@QuarkusTest
@ExtendWith(SignedIn.class)
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = ChannelStandIns.class, scope = TestResourceScope.RESTRICTED_TO_CLASS)
class PublicationServiceTest {

  private static final Duration WAIT = Duration.ofSeconds(60);

  @Test
  void aVerifiedFixOpensOnePullRequestUnderTheIncidentsSlackMessage() throws Exception {
    ChannelStandIns.github.closeAll(); // earlier fixes of this root cause were merged
    String incident = "inc-" + UUID.randomUUID();
    ChannelStandIns.pushBranch(OutcomeEvents.branch(incident));
    send(Topics.CLASSIFIED, OutcomeEvents.classified(incident, OutcomeEvents.newOrderStatus()));
    FixProposed fix = OutcomeEvents.verifiedFix(incident);
    byte[] fixRecord = EventJson.write(fix);
    TopicRecords.send(Topics.FIX_PROPOSED, incident, fixRecord);

    ConsumerRecord<String, byte[]> record = awaitPublished(incident, 1).get(0);
    Published published = EventJson.read(record.value(), Published.class);
    assertThat(published.kind()).isEqualTo(PublicationKind.PULL_REQUEST_OPENED);
    assertThat(published.groupId()).isEqualTo("g1");
    assertThat(published.team()).isEqualTo("commerce");
    assertThat(TopicRecords.header(record, "medic_team")).isEqualTo("commerce");
    assertThat(TopicRecords.header(record, "medic_owner")).isEqualTo("Commerce analytics");
    assertThat(TopicRecords.header(record, "medic_kind")).isEqualTo("PULL_REQUEST_OPENED");
    assertThat(TopicRecords.header(record, "ce_type")).isEqualTo("io.pipelinemedic.published.v1");
    assertThat(TopicRecords.header(record, "ce_id")).isEqualTo(published.envelope().eventId());

    ObjectNode pull =
        ChannelStandIns.github.pulls.values().stream()
            .filter(p -> OutcomeEvents.branch(incident).equals(p.at("/head/ref").asText()))
            .findFirst()
            .orElseThrow();
    assertThat(published.links().pullRequestUrl()).isEqualTo(pull.path("html_url").asText());
    assertThat(published.summary())
        .isEqualTo(
            "Fix verified by dbt in a dev area; pull request opened for review: "
                + pull.path("html_url").asText());
    assertThat(pull.path("title").asText()).isEqualTo("Fix accepted_values failures in stg_orders");
    assertThat(pull.path("draft").asBoolean()).as("confidence 0.9 is not under 0.8").isFalse();
    assertThat(pull.path("body").asText())
        .contains("## What failed\n- `" + OutcomeEvents.STATUS_TEST + "`")
        .contains("| before | 20 | 0 | 1 | 0 | 0 |\n| after | 21 | 0 | 0 | 0 | 0 |")
        .contains("[" + incident + "](http://localhost:");
    assertThat(pull.path("requested_reviewers").findValuesAsText("login"))
        .containsExactly("ana", "bo");
    assertThat(pull.path("labels").findValuesAsText("name")).containsExactly("pipeline-medic");

    // one Slack message for the incident, rewritten with the outcome, and the outcome in its thread
    assertThat(published.links().slackChannel()).isEqualTo("C0INCIDENT");
    ObjectNode parent = ChannelStandIns.slack.messages.get(published.links().slackTs());
    assertThat(parent.path("thread_ts").isMissingNode()).isTrue();
    // it reads like the page's summary: the job, the project, when, the run as a short suffix
    assertThat(parent.path("text").asText())
        .matches(
            "nightly failed in shop at \\d\\d:\\d\\d UTC on \\d{4}-\\d\\d-\\d\\d \\(run …"
                + incident.substring(incident.length() - 8)
                + "\\): 1 root cause \\(1 CODE\\)");
    assertThat(parent.path("edited").asBoolean()).isTrue();
    assertThat(parent.path("blocks").get(1).at("/text/text").asText())
        .startsWith(
            "*CODE* `stg_orders` · owner <!subteam^S0COMMERCE>\nFailing: `"
                + OutcomeEvents.STATUS_TEST.substring(
                    OutcomeEvents.STATUS_TEST.lastIndexOf('.') + 1)
                + "`\n")
        .endsWith(pull.path("html_url").asText());
    JsonNode buttons = parent.path("blocks").get(parent.path("blocks").size() - 1);
    assertThat(buttons.path("type").asText()).isEqualTo("actions");
    assertThat(buttons.path("elements").findValuesAsText("url"))
        .containsExactly(pull.path("html_url").asText(), published.links().incidentUrl());
    assertThat(buttons.path("elements"))
        .extracting(button -> button.at("/text/text").asText())
        .containsExactly("Pull request", "Incident");
    List<ObjectNode> thread = ChannelStandIns.slack.thread(published.links().slackTs());
    assertThat(thread).hasSize(1);
    assertThat(thread.get(0).path("text").asText()).isEqualTo(published.summary());

    // the same record again, and the runner's republish of the same commit in a new event: nothing
    // new; then a failed attempt on the same partition shows both were consumed
    TopicRecords.send(Topics.FIX_PROPOSED, incident, fixRecord);
    send(
        Topics.FIX_PROPOSED,
        new FixProposed(
            OutcomeEvents.envelope(incident, "agent-runner-service"),
            fix.groupId(),
            fix.rootCauseNode(),
            fix.action(),
            fix.outcome(),
            null,
            fix.change(),
            fix.summary(),
            fix.kbEntryId(),
            fix.verification(),
            fix.guardrails(),
            fix.cascadesResolved(),
            fix.cost(),
            null,
            fix.owner(),
            fix.confidence()));
    send(
        Topics.FIX_PROPOSED,
        new FixProposed(
            OutcomeEvents.envelope(incident, "agent-runner-service"),
            "g1",
            fix.rootCauseNode(),
            fix.action(),
            FixOutcome.VERIFICATION_FAILED,
            "model.shop.stg_orders still error",
            null,
            null,
            fix.kbEntryId(),
            null,
            List.of(),
            List.of(),
            fix.cost(),
            null,
            fix.owner(),
            fix.confidence()));
    List<ConsumerRecord<String, byte[]>> all = awaitPublished(incident, 2);
    assertThat(all).hasSize(2);
    Published failed = EventJson.read(all.get(1).value(), Published.class);
    assertThat(failed.kind()).isEqualTo(PublicationKind.FIX_FAILED_REPORT);
    assertThat(failed.summary())
        .isEqualTo(
            "No fix proposed for model.shop.stg_orders: VERIFICATION_FAILED, model.shop.stg_orders"
                + " still error");
    assertThat(
            ChannelStandIns.github.pulls.values().stream()
                .filter(p -> OutcomeEvents.branch(incident).equals(p.at("/head/ref").asText())))
        .hasSize(1);
    assertThat(ChannelStandIns.slack.thread(published.links().slackTs())).hasSize(2);

    // the next night's run fails on the same root cause: the open pull request is updated
    String nextNight = "inc-" + UUID.randomUUID();
    ChannelStandIns.pushBranch(OutcomeEvents.branch(nextNight));
    int comments = ChannelStandIns.github.comments.size();
    send(Topics.CLASSIFIED, OutcomeEvents.classified(nextNight, OutcomeEvents.newOrderStatus()));
    send(Topics.FIX_PROPOSED, OutcomeEvents.verifiedFix(nextNight));
    Published updated =
        EventJson.read(awaitPublished(nextNight, 1).get(0).value(), Published.class);
    assertThat(updated.kind()).isEqualTo(PublicationKind.PULL_REQUEST_UPDATED);
    assertThat(updated.links().pullRequestUrl()).isEqualTo(published.links().pullRequestUrl());
    assertThat(ChannelStandIns.github.comments).hasSize(comments + 1);
    assertThat(ChannelStandIns.github.comments.get(comments).path("body").asText())
        .startsWith("The same root cause failed again in incident [" + nextNight + "]");

    JsonPath view = incidentView(incident, 6);
    assertThat(view.getString("incident.status")).isEqualTo("PUBLISHED");
    assertThat(view.getList("timeline.topic"))
        .containsExactly(
            Topics.CLASSIFIED,
            Topics.FIX_PROPOSED,
            Topics.PUBLISHED,
            Topics.FIX_PROPOSED,
            Topics.FIX_PROPOSED,
            Topics.PUBLISHED);
  }

  @Test
  void aSourceReportBecomesATicketAnEmailDraftAndAMessageToTheOwner() throws Exception {
    // the Jira project is gone: the ticket is refused at once (no retry), dead-lettered with
    // Jira's own errors, and the report still reaches Slack and the published topic
    ChannelStandIns.JIRA_PROJECTS.remove("DATA");
    String refused = "inc-" + UUID.randomUUID();
    try {
      send(Topics.CLASSIFIED, OutcomeEvents.classified(refused, OutcomeEvents.vendorDuplicates()));
      send(Topics.SOURCE_REPORTED, OutcomeEvents.vendorReport(refused));
      ConsumerRecord<String, byte[]> dead =
          TopicRecords.awaitKey(refused, WAIT, Topics.dlq(Topics.SOURCE_REPORTED));
      assertThat(TopicRecords.header(dead, "dead-letter-channel")).isEqualTo("jira");
      assertThat(TopicRecords.header(dead, "dead-letter-reason"))
          .startsWith(
              "jira: POST " + ChannelStandIns.jira.site() + "/rest/api/3/issue answered HTTP 400")
          .contains("Specify a valid project ID or key");
      Published withoutTicket =
          EventJson.read(awaitPublished(refused, 1).get(0).value(), Published.class);
      assertThat(withoutTicket.links().jiraKey()).isNull();
      assertThat(withoutTicket.links().slackTs()).isNotNull();
    } finally {
      ChannelStandIns.JIRA_PROJECTS.add("DATA");
    }

    String incident = "inc-" + UUID.randomUUID();
    send(Topics.CLASSIFIED, OutcomeEvents.classified(incident, OutcomeEvents.vendorDuplicates()));
    send(Topics.SOURCE_REPORTED, OutcomeEvents.vendorReport(incident));
    ConsumerRecord<String, byte[]> record = awaitPublished(incident, 1).get(0);
    Published published = EventJson.read(record.value(), Published.class);
    assertThat(published.kind()).isEqualTo(PublicationKind.SOURCE_REPORT);
    assertThat(TopicRecords.header(record, "medic_class")).isEqualTo("SOURCE");
    assertThat(published.links().jiraKey()).isEqualTo("DATA-1");
    assertThat(published.links().jiraUrl())
        .isEqualTo(ChannelStandIns.jira.site() + "/browse/DATA-1");
    assertThat(published.links().reportUri()).endsWith(incident + "/report-g2.md");
    assertThat(published.summary())
        .isEqualTo(
            "Source data problem in vendor.order_lines: The vendor's order_lines feed holds 14"
                + " order lines twice. For Commerce analytics; Jira DATA-1 ("
                + ChannelStandIns.jira.site()
                + "/browse/DATA-1); an email draft is kept for a person to send.");

    JsonNode ticket = ChannelStandIns.jira.issues.get("DATA-1");
    assertThat(ticket.path("summary").asText())
        .isEqualTo("Source data problem in vendor.order_lines");
    assertThat(ticket.at("/labels/0").asText()).isEqualTo("pipeline-medic");
    assertThat(ticket.at("/description/type").asText()).isEqualTo("doc");
    JsonNode code = ticket.at("/description/content").findParent("language");
    assertThat(ticket.at("/description/content").toString())
        .contains(
            "{\"type\":\"codeBlock\",\"attrs\":{\"language\":\"sql\"},\"content\":[{\"type\":\"text\",\"text\":\"select order_line_id")
        .contains("Ask the vendor to resend the file without duplicates.");
    assertThat(code).isNotNull();

    // the owner's channel gets the report too; the incident's thread has it
    assertThat(ChannelStandIns.slack.messages.values())
        .anySatisfy(
            m -> {
              assertThat(m.path("channel").asText()).isEqualTo("C0COMMERCE");
              assertThat(m.path("text").asText()).isEqualTo(published.summary());
            });
    assertThat(ChannelStandIns.slack.thread(published.links().slackTs()))
        .extracting(m -> m.path("text").asText())
        .containsExactly(published.summary());

    // the drafted email is kept with the incident for a person to send
    JsonPath view = incidentView(incident, 3);
    assertThat(view.getString("publications.find { it.key.channel == 'email' }.link"))
        .isEqualTo("commerce-data@shop.example");
    assertThat(view.getString("publications.find { it.key.channel == 'email' }.detail"))
        .contains("\"subject\":\"Duplicate order lines in last night's vendor file\"");

    // the same source problem the next night: a comment on the ticket, not a second ticket
    String nextNight = "inc-" + UUID.randomUUID();
    send(Topics.CLASSIFIED, OutcomeEvents.classified(nextNight, OutcomeEvents.vendorDuplicates()));
    send(Topics.SOURCE_REPORTED, OutcomeEvents.vendorReport(nextNight));
    Published again = EventJson.read(awaitPublished(nextNight, 1).get(0).value(), Published.class);
    assertThat(again.links().jiraKey()).isEqualTo("DATA-1");
    assertThat(ChannelStandIns.jira.issues).hasSize(1);
    assertThat(ChannelStandIns.jira.comments.get("DATA-1")).hasSize(1);
  }

  @Test
  void aTransientIncidentIsOneLine() throws Exception {
    String incident = "inc-" + UUID.randomUUID();
    send(Topics.CLASSIFIED, OutcomeEvents.classified(incident, OutcomeEvents.databaseLock()));

    Published published =
        EventJson.read(awaitPublished(incident, 1).get(0).value(), Published.class);
    assertThat(published.kind()).isEqualTo(PublicationKind.TRANSIENT_NOTICE);
    assertThat(published.summary())
        .isEqualTo(
            "Transient failure, nothing to fix: The database file was locked by another process.");
    ObjectNode line = ChannelStandIns.slack.messages.get(published.links().slackTs());
    assertThat(line.path("text").asText())
        .startsWith(":hourglass: *nightly failed in shop at ")
        .contains(
            " (run …" + incident.substring(incident.length() - 8) + ")* for a transient reason");
    assertThat(line.path("blocks").isMissingNode() || line.path("blocks").isNull()).isTrue();
    assertThat(ChannelStandIns.slack.thread(published.links().slackTs())).isEmpty();
  }

  @Test
  void slackDownLosesNoOtherChannelAndItsDeliveryIsDeadLettered() throws Exception {
    ChannelStandIns.github.closeAll();
    String incident = "inc-" + UUID.randomUUID();
    ChannelStandIns.pushBranch(OutcomeEvents.branch(incident));
    ChannelStandIns.slack.down(true);
    int callsBefore = ChannelStandIns.slack.calls.size();
    try {
      // the classification consumed first (its Slack attempts included), so that the fix never
      // waits for it past classification-wait while the service's consumers are still assigned
      TopicRecords.awaitConsumed(
          "publisher-service",
          TopicRecords.send(
              Topics.CLASSIFIED,
              incident,
              EventJson.write(OutcomeEvents.classified(incident, OutcomeEvents.newOrderStatus()))),
          WAIT);
      send(Topics.FIX_PROPOSED, OutcomeEvents.verifiedFix(incident));

      Published published =
          EventJson.read(awaitPublished(incident, 1).get(0).value(), Published.class);
      assertThat(published.kind()).isEqualTo(PublicationKind.PULL_REQUEST_OPENED);
      assertThat(published.links().pullRequestUrl()).isNotNull();
      assertThat(published.links().slackTs()).isNull();
      ConsumerRecord<String, byte[]> dead =
          TopicRecords.awaitKey(incident, WAIT, Topics.dlq(Topics.FIX_PROPOSED));
      assertThat(TopicRecords.header(dead, "dead-letter-channel")).isEqualTo("slack");
      assertThat(TopicRecords.header(dead, "dead-letter-topic")).isEqualTo(Topics.FIX_PROPOSED);
      assertThat(TopicRecords.header(dead, "dead-letter-reason"))
          .startsWith(
              "slack: POST "
                  + ChannelStandIns.slack.endpoint()
                  + "/chat.postMessage answered HTTP 503");
      assertThat(EventJson.read(dead.value(), FixProposed.class).envelope().incidentId())
          .isEqualTo(incident);
      assertThat(TopicRecords.awaitKey(incident, WAIT, Topics.dlq(Topics.CLASSIFIED))).isNotNull();
      assertThat(ChannelStandIns.slack.calls.size() - callsBefore)
          .as("three attempts for the classification's message and three for the fix's")
          .isEqualTo(6);
    } finally {
      ChannelStandIns.slack.down(false);
    }

    // rate limited: the delivery waits for Slack's Retry-After and goes through
    ChannelStandIns.slack.rateLimitNext(1);
    String transientIncident = "inc-" + UUID.randomUUID();
    Instant sent = Instant.now();
    send(
        Topics.CLASSIFIED,
        OutcomeEvents.classified(transientIncident, OutcomeEvents.databaseLock()));
    ConsumerRecord<String, byte[]> record = awaitPublished(transientIncident, 1).get(0);
    Published published = EventJson.read(record.value(), Published.class);
    assertThat(published.links().slackTs()).isNotNull();
    assertThat(Duration.between(sent, Instant.ofEpochMilli(record.timestamp())))
        .as("Retry-After: 1 was honoured")
        .isGreaterThanOrEqualTo(Duration.ofSeconds(1));
  }

  private static void send(String topic, PipelineEvent event) {
    TopicRecords.send(topic, event.envelope().incidentId(), EventJson.write(event));
  }

  private static List<ConsumerRecord<String, byte[]>> awaitPublished(String incident, int count)
      throws InterruptedException {
    Instant deadline = Instant.now().plus(WAIT);
    while (true) {
      List<ConsumerRecord<String, byte[]>> found =
          TopicRecords.matching(Topics.PUBLISHED, r -> incident.equals(r.key()));
      if (found.size() >= count || Instant.now().isAfter(deadline)) {
        assertThat(found).as("published records of " + incident).hasSizeGreaterThanOrEqualTo(count);
        return found;
      }
      Thread.sleep(250);
    }
  }

  /** The incident's view once its timeline has {@code entries} entries. */
  private static JsonPath incidentView(String incident, int entries) throws InterruptedException {
    Instant deadline = Instant.now().plus(WAIT);
    while (true) {
      JsonPath view = given().when().get("/incidents/" + incident).then().extract().jsonPath();
      List<Object> timeline = view.getList("timeline");
      if ((timeline != null && timeline.size() >= entries) || Instant.now().isAfter(deadline)) {
        return view;
      }
      Thread.sleep(250);
    }
  }
}
