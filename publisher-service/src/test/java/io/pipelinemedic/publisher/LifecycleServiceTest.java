package io.pipelinemedic.publisher;

import static io.pipelinemedic.publisher.LifecycleEvents.FAILED_AT;
import static io.pipelinemedic.publisher.LifecycleEvents.WAIT;
import static io.pipelinemedic.publisher.LifecycleEvents.failed;
import static io.pipelinemedic.publisher.LifecycleEvents.passed;
import static io.pipelinemedic.publisher.LifecycleEvents.published;
import static io.pipelinemedic.publisher.LifecycleEvents.reviewed;
import static io.pipelinemedic.publisher.LifecycleEvents.send;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pipelinemedic.kb.entry.KbMatcher;
import io.pipelinemedic.kb.entry.MarkdownEntry;
import io.pipelinemedic.kb.entry.ParsedEntry;
import io.pipelinemedic.publisher.standins.ChannelStandIns;
import io.pipelinemedic.schemas.Classified;
import io.pipelinemedic.schemas.EventJson;
import io.pipelinemedic.schemas.FixProposed;
import io.pipelinemedic.schemas.Published;
import io.pipelinemedic.schemas.RunPassed;
import io.pipelinemedic.schemas.Topics;
import io.pipelinemedic.schemas.model.Action;
import io.pipelinemedic.schemas.model.AgentCost;
import io.pipelinemedic.schemas.model.DecisionRule;
import io.pipelinemedic.schemas.model.Failure;
import io.pipelinemedic.schemas.model.FailureClass;
import io.pipelinemedic.schemas.model.KbEntry;
import io.pipelinemedic.schemas.model.KbSource;
import io.pipelinemedic.schemas.model.PublicationKind;
import io.pipelinemedic.schemas.model.Recipe;
import io.pipelinemedic.schemas.model.RootCauseGroup;
import io.pipelinemedic.schemas.model.TestKind;
import io.pipelinemedic.testsupport.KafkaBrokerResource;
import io.pipelinemedic.testsupport.PostgresResource;
import io.pipelinemedic.testsupport.SignedIn;
import io.pipelinemedic.testsupport.TopicRecords;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The incident's life after its outcome, against the channels' stand-ins on the real broker and
 * PostgreSQL: a passing run of the job resolves its open incidents (the Slack message rewritten and
 * a reply, the Jira ticket commented and moved to Done, the still-open pull request told the cause
 * went away, a RESOLVED_NOTICE each), once however often it arrives; a merged pull request makes
 * its incidents FIXED, one closed unmerged DISMISSED; the weekly figures count them; a coding
 * agent's fix merged is drafted into a KB entry, proposed in a pull request, that the KB takes and
 * that matches the same failure with a recipe.
 */
@QuarkusTest
@ExtendWith(SignedIn.class)
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = ChannelStandIns.class, scope = TestResourceScope.RESTRICTED_TO_CLASS)
class LifecycleServiceTest {

  @Test
  void aPassingRunResolvesItsJobsOpenIncidentsEverywhereOnce() throws Exception {
    ChannelStandIns.github.closeAll();
    String job = "job-" + UUID.randomUUID();
    String fixed = "inc-" + UUID.randomUUID();
    String reported = "inc-" + UUID.randomUUID();
    failed(fixed, job);
    ChannelStandIns.pushBranch(OutcomeEvents.branch(fixed));
    send(Topics.CLASSIFIED, OutcomeEvents.classified(fixed, OutcomeEvents.newOrderStatus()));
    send(Topics.FIX_PROPOSED, OutcomeEvents.verifiedFix(fixed));
    failed(reported, job);
    send(Topics.CLASSIFIED, OutcomeEvents.classified(reported, OutcomeEvents.vendorDuplicates()));
    send(Topics.SOURCE_REPORTED, OutcomeEvents.vendorReport(reported));
    Published pull = published(fixed, p -> p.kind() == PublicationKind.PULL_REQUEST_OPENED);
    Published report = published(reported, p -> p.kind() == PublicationKind.SOURCE_REPORT);
    int comments = ChannelStandIns.github.comments.size();

    RunPassed passed = passed(job, "run-5", FAILED_AT.plusSeconds(3600));
    send(Topics.RUN_PASSED, job, passed);

    Published resolved = published(fixed, p -> p.kind() == PublicationKind.RESOLVED_NOTICE);
    assertThat(resolved.summary())
        .isEqualTo("Resolved: Run run-5 of nightly passed at 05:02 UTC on 2026-11-23.");
    assertThat(published(reported, p -> p.kind() == PublicationKind.RESOLVED_NOTICE).links())
        .satisfies(links -> assertThat(links.jiraKey()).isEqualTo(report.links().jiraKey()));
    for (String incident : List.of(fixed, reported)) {
      JsonPath view = view(incident, "RESOLVED");
      assertThat(view.getString("incident.resolvedByRun")).isEqualTo("run-5");
      assertThat(view.getString("incident.resolvedAt")).isEqualTo("2026-11-23T05:02:09Z");
    }
    ObjectNode message = ChannelStandIns.slack.messages.get(pull.links().slackTs());
    assertThat(message.toString()).contains("Resolved by run run-5 at 05:02 UTC on 2026-11-23.");
    assertThat(ChannelStandIns.slack.thread(pull.links().slackTs()))
        .extracting(reply -> reply.path("text").asText())
        .contains(":white_check_mark: Run run-5 of nightly passed at 05:02 UTC on 2026-11-23.");
    String ticket = report.links().jiraKey();
    assertThat(ChannelStandIns.jira.statuses.get(ticket)).isEqualTo("Done");
    assertThat(ChannelStandIns.jira.comments.get(ticket).toString())
        .contains("the incident is resolved");
    assertThat(
            ChannelStandIns.github.comments.subList(
                comments, ChannelStandIns.github.comments.size()))
        .extracting(comment -> comment.path("body").asText())
        .singleElement()
        .satisfies(
            body ->
                assertThat(body)
                    .startsWith(
                        "Run run-5 of nightly passed at 05:02 UTC on 2026-11-23 without"
                            + " this change: the cause went away by itself."));

    // the same pass again, and an earlier run's pass delivered late: nothing more
    send(Topics.RUN_PASSED, job, passed);
    send(Topics.RUN_PASSED, job, passed(job, "run-4", FAILED_AT.minusSeconds(60)));
    TopicRecords.awaitConsumed(
        "publisher-service",
        TopicRecords.send(Topics.RUN_PASSED, job, EventJson.write(passed(job, "run-6", null))),
        WAIT);
    assertThat(ChannelStandIns.github.comments).hasSize(comments + 1);
    assertThat(ChannelStandIns.jira.comments.get(ticket)).hasSize(1);
    assertThat(TopicRecords.matching(Topics.PUBLISHED, r -> fixed.equals(r.key()))).hasSize(2);
    assertThat(view(fixed, "RESOLVED").getString("incident.resolvedByRun")).isEqualTo("run-5");

    // a pass read before the failure it ends (publisher-service read its topics apart)
    String early = "inc-" + UUID.randomUUID();
    send(Topics.RUN_PASSED, job, passed(job, "run-7", FAILED_AT.plusSeconds(7200), early));
    view(early, "RESOLVED");
    failed(early, job);
    JsonPath late = view(early, "RESOLVED");
    for (Instant deadline = Instant.now().plus(WAIT);
        late.getString("incident.jobName") == null && Instant.now().isBefore(deadline); ) {
      Thread.sleep(250);
      late = view(early, "RESOLVED");
    }
    assertThat(late.getString("incident.jobName"))
        .as("its failure read after")
        .isEqualTo("nightly");
    assertThat(late.getString("incident.resolvedByRun")).isEqualTo("run-7");
  }

  @Test
  void aMergedPullRequestFixesItsIncidentsAndOneClosedUnmergedDismissesIt() throws Exception {
    ChannelStandIns.github.closeAll();
    String job = "job-" + UUID.randomUUID();
    String merged = "inc-" + UUID.randomUUID();
    String closed = "inc-" + UUID.randomUUID();
    failed(merged, job);
    ChannelStandIns.pushBranch(OutcomeEvents.branch(merged));
    send(Topics.CLASSIFIED, OutcomeEvents.classified(merged, OutcomeEvents.newOrderStatus()));
    send(Topics.FIX_PROPOSED, OutcomeEvents.verifiedFix(merged));
    String url =
        published(merged, p -> p.kind() == PublicationKind.PULL_REQUEST_OPENED)
            .links()
            .pullRequestUrl();
    failed(closed, job);
    send(Topics.CLASSIFIED, OutcomeEvents.classified(closed, OutcomeEvents.newOrderStatus()));

    send(Topics.FIX_REVIEWED, url, reviewed(url, OutcomeEvents.branch(merged), true, "ana"));
    // a pull request a person opened from the fix branch Pipeline Medic pushed, closed unmerged
    String theirs = "https://github.com/shop/analytics/pull/9001";
    send(Topics.FIX_REVIEWED, theirs, reviewed(theirs, OutcomeEvents.branch(closed), false, "bo"));

    JsonPath fixed = view(merged, "FIXED");
    assertThat(fixed.getString("incident.fixCommit")).isEqualTo("c".repeat(40));
    assertThat(fixed.getString("incident.reviewedBy")).isEqualTo("ana");
    assertThat(fixed.getList("timeline.summary", String.class))
        .contains("Fixed: pull request " + url + " merged by ana as " + "c".repeat(40) + ".");
    assertThat(view(closed, "DISMISSED").getString("incident.reviewedBy")).isEqualTo("bo");
    ObjectNode message =
        ChannelStandIns.slack.messages.get(
            published(merged, p -> p.kind() == PublicationKind.PULL_REQUEST_OPENED)
                .links()
                .slackTs());
    assertThat(message.toString()).contains("Fix merged by ana as `" + "c".repeat(40) + "`.");

    JsonNode week =
        EventJson.mapper()
            .readTree(given().get("/incidents/summary").then().statusCode(200).extract().asString())
            .path("weeks");
    assertThat(week.findValues("merged").stream().mapToInt(JsonNode::asInt).sum()).isPositive();
    assertThat(
            week.findValues("secondsToFixed").stream().mapToInt(s -> s.path("count").asInt()).sum())
        .isPositive();
  }

  @Test
  void aCodingAgentsMergedFixIsDraftedIntoAKbEntryThatMatchesTheFailureWithARecipe()
      throws Exception {
    ChannelStandIns.github.closeAll();
    String incident = "inc-" + UUID.randomUUID();
    failed(incident, "job-" + UUID.randomUUID());
    Failure failure =
        new Failure(
            OutcomeEvents.STATUS_TEST,
            "test",
            "accepted_values_stg_orders_status",
            "accepted_values",
            TestKind.GENERIC,
            "fail",
            "Got 1 result, configured to fail if != 0",
            1L,
            null,
            null,
            "models/staging/shop/_shop__models.yml",
            null,
            "status",
            Map.of("values", List.of("placed", "paid")),
            "ERROR",
            "model.shop.stg_orders",
            OutcomeEvents.COMMERCE,
            List.of(),
            List.of(),
            List.of());
    RootCauseGroup known = OutcomeEvents.newOrderStatus();
    RootCauseGroup unknown =
        new RootCauseGroup(
            known.groupId(),
            known.rootCauseNode(),
            known.failureClass(),
            Action.AGENT,
            DecisionRule.SIGNATURE,
            0.7,
            "No KB entry matches; an accepted_values test on a staging model.",
            known.signature(),
            known.failures(),
            List.of(),
            null,
            null,
            null,
            List.of(),
            known.owner());
    Classified classified = OutcomeEvents.classified(incident, unknown);
    send(
        Topics.CLASSIFIED,
        new Classified(
            classified.envelope(),
            classified.run(),
            List.of(failure),
            List.of(),
            classified.groups(),
            null));
    FixProposed recipe = OutcomeEvents.verifiedFix(incident);
    ChannelStandIns.pushBranch(OutcomeEvents.branch(incident));
    send(
        Topics.FIX_PROPOSED,
        new FixProposed(
            recipe.envelope(),
            recipe.groupId(),
            recipe.rootCauseNode(),
            Action.AGENT,
            recipe.outcome(),
            null,
            recipe.change(),
            "Added on_hold to the accepted values of stg_orders.status.",
            null,
            recipe.verification(),
            List.of(),
            List.of(),
            new AgentCost("claude-code", 0.41, 52_000, 1_900, 7, 48_000),
            null,
            recipe.owner(),
            0.7));
    String url =
        published(incident, p -> p.kind() == PublicationKind.PULL_REQUEST_OPENED)
            .links()
            .pullRequestUrl();

    send(Topics.FIX_REVIEWED, url, reviewed(url, OutcomeEvents.branch(incident), true, "ana"));

    ObjectNode proposal = kbPullRequest(incident);
    String branch = proposal.at("/head/ref").asText();
    assertThat(proposal.path("body").asText()).contains("with a recipe").contains(url);
    String file =
        ChannelStandIns.github.files.files.entrySet().stream()
            .filter(f -> f.getKey().startsWith(branch + ":kb/learned-stg-orders-accepted-values-"))
            .map(Map.Entry::getValue)
            .findFirst()
            .orElseThrow();
    System.out.println("the drafted KB entry:\n" + file);
    ParsedEntry parsed =
        MarkdownEntry.parse("learned", KbSource.GIT, "kb/learned.md", Instant.now(), file);
    assertThat(parsed).as(file).isInstanceOf(ParsedEntry.Valid.class);
    KbEntry entry = ((ParsedEntry.Valid) parsed).entry();
    assertThat(entry.failureClass()).isEqualTo(FailureClass.CODE);
    assertThat(entry.recipe()).isInstanceOf(Recipe.AddAcceptedValues.class);
    assertThat(entry.match().testNames()).containsExactly("accepted_values");
    assertThat(entry.steps()).contains("claude-code").contains("Added on_hold");
    assertThat(KbMatcher.match(entry, failure))
        .as("the next night's same failure matches the entry, so its recipe fixes it")
        .isPresent();
  }

  /** The pull request that proposes a KB entry drafted from {@code incident}'s fix. */
  private static ObjectNode kbPullRequest(String incident) throws InterruptedException {
    Instant deadline = Instant.now().plus(WAIT);
    while (true) {
      for (ObjectNode pull : ChannelStandIns.github.pulls.values()) {
        if (pull.at("/head/ref").asText().startsWith("medic/kb-" + incident)) {
          return pull;
        }
      }
      assertThat(Instant.now()).as("a KB pull request for " + incident).isBefore(deadline);
      Thread.sleep(250);
    }
  }

  /** The incident's view once it has {@code status}. */
  private static JsonPath view(String incident, String status) throws InterruptedException {
    Instant deadline = Instant.now().plus(WAIT);
    while (true) {
      var response = given().get("/incidents/" + incident);
      JsonPath view = response.statusCode() == 200 ? response.jsonPath() : null;
      String now =
          view == null ? "HTTP " + response.statusCode() : view.getString("incident.status");
      if (status.equals(now) || Instant.now().isAfter(deadline)) {
        assertThat(now).as(incident).isEqualTo(status);
        return view;
      }
      Thread.sleep(250);
    }
  }
}
