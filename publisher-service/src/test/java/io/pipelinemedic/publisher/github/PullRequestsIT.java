package io.pipelinemedic.publisher.github;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipelinemedic.publisher.standins.GitHubApi;
import io.pipelinemedic.schemas.Envelope;
import io.pipelinemedic.schemas.FixProposed;
import io.pipelinemedic.schemas.model.PublicationKind;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.kohsuke.github.GitHubBuilder;

/**
 * Pull requests through the real GitHub client against {@link GitHubApi}: a verified fix opens one
 * with its labels and reviewers (a draft under the confidence threshold); the next night's repeat
 * of the same root cause comments on it instead of opening another.
 */
class PullRequestsIT {

  @Test
  void aFixOpensOnePullRequestPerRootCauseAndARepeatComments() throws Exception {
    try (GitHubApi api = new GitHubApi("shop", "analytics")) {
      PullRequests pullRequests =
          new PullRequests(
              new GitHubBuilder().withEndpoint(api.endpoint()).withOAuthToken("ghp_test").build(),
              "shop/analytics",
              "main",
              List.of("pipeline-medic", "dbt"),
              List.of("ana"),
              Map.of("Commerce analytics", "bo"),
              0.95);

      PullRequests.Outcome opened =
          pullRequests.publish(
              PullRequestTextTest.FIX,
              PullRequestTextTest.GROUP,
              "http://medic.local/incidents/inc-42");

      assertThat(opened.kind()).isEqualTo(PublicationKind.PULL_REQUEST_OPENED);
      assertThat(opened.url()).isEqualTo("https://github.example/shop/analytics/pull/1");
      var pull = api.pulls.get(1);
      assertThat(pull.path("title").asText())
          .isEqualTo("Fix accepted_values failures in stg_orders");
      assertThat(pull.at("/head/ref").asText()).isEqualTo("medic/inc-42-g1");
      assertThat(pull.at("/base/ref").asText()).isEqualTo("main");
      assertThat(pull.path("draft").asBoolean()).as("confidence 0.9 is under 0.95").isTrue();
      assertThat(pull.path("body").asText())
          .contains("## What failed")
          .contains("<!-- pipeline-medic root-cause: model.shop.stg_orders -->");
      assertThat(pull.path("labels").findValuesAsText("name"))
          .containsExactly("pipeline-medic", "dbt");
      assertThat(pull.path("requested_reviewers").findValuesAsText("login")).containsExactly("ana");

      FixProposed nextNight =
          new FixProposed(
              new Envelope(
                  "e2", "inc-43", Instant.parse("2026-11-22T04:02:00Z"), 1, "agent-runner-service"),
              "g1",
              PullRequestTextTest.FIX.rootCauseNode(),
              PullRequestTextTest.FIX.action(),
              PullRequestTextTest.FIX.outcome(),
              null,
              new io.pipelinemedic.schemas.model.GitChange(
                  "git@github.com:shop/analytics.git",
                  "c".repeat(40),
                  "medic/inc-43-g1",
                  "d".repeat(40),
                  null,
                  List.of()),
              PullRequestTextTest.FIX.summary(),
              "new-order-status",
              PullRequestTextTest.FIX.verification(),
              List.of(),
              List.of(),
              PullRequestTextTest.FIX.cost(),
              null,
              null,
              0.9);

      PullRequests.Outcome repeated =
          pullRequests.publish(
              nextNight, PullRequestTextTest.GROUP, "http://medic.local/incidents/inc-43");

      assertThat(repeated)
          .isEqualTo(new PullRequests.Outcome(PublicationKind.PULL_REQUEST_UPDATED, opened.url()));
      assertThat(api.pulls).hasSize(1);
      assertThat(api.comments).hasSize(1);
      assertThat(api.comments.get(0).path("body").asText())
          .startsWith(
              "The same root cause failed again in incident [inc-43](http://medic.local/incidents/inc-43)")
          .contains("`medic/inc-43-g1`");

      PullRequests.Outcome redelivered =
          pullRequests.publish(
              PullRequestTextTest.FIX,
              PullRequestTextTest.GROUP,
              "http://medic.local/incidents/inc-42");

      assertThat(redelivered).as("the same fix again finds its own pull request").isEqualTo(opened);
      assertThat(api.pulls).hasSize(1);
      assertThat(api.comments).hasSize(1);
    }
  }
}
