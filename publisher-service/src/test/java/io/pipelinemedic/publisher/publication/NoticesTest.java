package io.pipelinemedic.publisher.publication;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipelinemedic.publisher.OutcomeEvents;
import io.pipelinemedic.publisher.github.PullRequests;
import io.pipelinemedic.publisher.jira.JiraTickets;
import io.pipelinemedic.publisher.slack.SlackApi;
import io.pipelinemedic.schemas.FixProposed;
import io.pipelinemedic.schemas.SourceReported;
import io.pipelinemedic.schemas.model.FailureClass;
import io.pipelinemedic.schemas.model.FixOutcome;
import io.pipelinemedic.schemas.model.Links;
import io.pipelinemedic.schemas.model.Owner;
import io.pipelinemedic.schemas.model.PublicationKind;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What a notice says, decided from the outcome and its channels' deliveries: the kind and line of a
 * fix with and without GitHub, opened, updated or refused; a report with and without its ticket,
 * draft and owner; a transient incident; the links, the team and the routing headers.
 */
class NoticesTest {

  private static final String PULL = "https://github.example/shop/dbt/pull/7";

  @Test
  void aVerifiedFixWithoutGitHubSaysWhereTheBranchIs() {
    FixProposed fix = OutcomeEvents.verifiedFix("inc-1");

    Notices.Notice notice = Notices.fix(fix, OutcomeEvents.newOrderStatus(), null);

    assertThat(notice.kind()).isEqualTo(PublicationKind.FIX_VERIFIED);
    assertThat(notice.summary())
        .isEqualTo(
            "Fix verified on branch "
                + fix.change().branch()
                + " (commit "
                + fix.change().commitSha()
                + "); no GitHub repository is configured for a pull request.");
    assertThat(notice.pullRequestUrl()).isNull();
    assertThat(notice.failureClass()).isEqualTo(FailureClass.CODE);
  }

  @Test
  void anOpenedPullRequestIsTheNoticeAndItsLink() {
    Notices.Notice notice =
        Notices.fix(
            OutcomeEvents.verifiedFix("inc-1"),
            OutcomeEvents.newOrderStatus(),
            delivered(new PullRequests.Outcome(PublicationKind.PULL_REQUEST_OPENED, PULL)));

    assertThat(notice.kind()).isEqualTo(PublicationKind.PULL_REQUEST_OPENED);
    assertThat(notice.summary())
        .isEqualTo("Fix verified by dbt in a dev area; pull request opened for review: " + PULL);
    assertThat(notice.pullRequestUrl()).isEqualTo(PULL);
  }

  @Test
  void theSameRootCauseAgainUpdatesTheOpenPullRequest() {
    Notices.Notice notice =
        Notices.fix(
            OutcomeEvents.verifiedFix("inc-2"),
            OutcomeEvents.newOrderStatus(),
            delivered(new PullRequests.Outcome(PublicationKind.PULL_REQUEST_UPDATED, PULL)));

    assertThat(notice.kind()).isEqualTo(PublicationKind.PULL_REQUEST_UPDATED);
    assertThat(notice.summary())
        .startsWith("Failed again; the open pull request still fixes it (verified again): ");
  }

  @Test
  void aPullRequestGitHubRefusedLeavesAVerifiedFixWithTheReason() {
    FixProposed fix = OutcomeEvents.verifiedFix("inc-1");

    Notices.Notice notice =
        Notices.fix(
            fix,
            OutcomeEvents.newOrderStatus(),
            new Delivery<>(DeliveryStatus.FAILED, null, "github: GitHub answered HTTP 422"));

    assertThat(notice.kind()).isEqualTo(PublicationKind.FIX_VERIFIED);
    assertThat(notice.summary())
        .isEqualTo(
            "Fix verified on branch "
                + fix.change().branch()
                + ", but the pull request could not be opened: github: GitHub answered HTTP 422");
    assertThat(notice.pullRequestUrl()).isNull();
  }

  @Test
  void aFixThatFailedSaysHowAndWhyAndOpensNothing() {
    FixProposed verified = OutcomeEvents.verifiedFix("inc-1");
    FixProposed failed =
        FixProposed.failed(
            verified.envelope(),
            OutcomeEvents.newOrderStatus(),
            "model.shop.stg_orders still fail",
            null,
            verified.verification(),
            verified.guardrails(),
            verified.cost(),
            null);

    Notices.Notice notice = Notices.fix(failed, OutcomeEvents.newOrderStatus(), null);

    assertThat(failed.outcome()).isEqualTo(FixOutcome.VERIFICATION_FAILED);
    assertThat(notice.kind()).isEqualTo(PublicationKind.FIX_FAILED_REPORT);
    assertThat(notice.summary())
        .isEqualTo(
            "No fix proposed for model.shop.stg_orders: VERIFICATION_FAILED,"
                + " model.shop.stg_orders still fail");
  }

  @Test
  void aReportNamesTheRelationTheOwnerTheTicketAndTheDraft() {
    SourceReported report = OutcomeEvents.vendorReport("inc-3");

    Notices.Notice ticketed =
        Notices.report(report, new JiraTickets.Ticket("DATA-1", "https://jira/browse/DATA-1"));
    Notices.Notice without = Notices.report(report, null);

    assertThat(ticketed.kind()).isEqualTo(PublicationKind.SOURCE_REPORT);
    assertThat(ticketed.failureClass()).isEqualTo(FailureClass.SOURCE);
    assertThat(ticketed.summary())
        .startsWith("Source data problem in " + report.relationName() + ": " + report.summary())
        .contains(" For " + report.owner().name() + "; Jira DATA-1 (https://jira/browse/DATA-1)")
        .endsWith("; an email draft is kept for a person to send.");
    assertThat(without.summary()).doesNotContain("Jira");
  }

  @Test
  void aTransientIncidentSaysNothingIsToFix() {
    Notices.Notice notice =
        Notices.transientIncident(OutcomeEvents.classified("inc-4", OutcomeEvents.databaseLock()));

    assertThat(notice.kind()).isEqualTo(PublicationKind.TRANSIENT_NOTICE);
    assertThat(notice.failureClass()).isEqualTo(FailureClass.TRANSIENT);
    assertThat(notice.summary())
        .isEqualTo("Transient failure, nothing to fix: " + OutcomeEvents.databaseLock().reason());
  }

  @Test
  void theLinksTakeTheSlackMessageAndTheTicketWhenThereAreThey() {
    Notices.Notice notice =
        new Notices.Notice(
            PublicationKind.PULL_REQUEST_OPENED, FailureClass.CODE, "line", null, PULL);

    Links links =
        Notices.links(
            notice,
            new SlackApi.Posted("C0INCIDENT", "1700000000.000100"),
            new JiraTickets.Ticket("DATA-1", "https://jira/browse/DATA-1"),
            "file:///report.md",
            "http://medic/incidents/inc-1");
    Links bare = Notices.links(notice, null, null, null, "http://medic/incidents/inc-1");

    assertThat(links)
        .isEqualTo(
            new Links(
                PULL,
                "C0INCIDENT",
                "1700000000.000100",
                "DATA-1",
                "https://jira/browse/DATA-1",
                "file:///report.md",
                "http://medic/incidents/inc-1"));
    assertThat(bare.slackTs()).isNull();
    assertThat(bare.jiraKey()).isNull();
  }

  @Test
  void theTeamIsConfiguredByOwnerElseTheOwnersGroupElseItsName() {
    Owner owner = new Owner("Commerce analytics", null, "commerce");

    assertThat(Notices.team(owner, Map.of("Commerce analytics", "team-commerce")))
        .isEqualTo("team-commerce");
    assertThat(Notices.team(owner, Map.of())).isEqualTo("commerce");
    assertThat(Notices.team(new Owner("Finance", null, null), Map.of())).isEqualTo("Finance");
    assertThat(Notices.team(null, Map.of())).isNull();
  }

  @Test
  void theHeadersRouteByClassKindTeamAndOwner() {
    Notices.Notice notice =
        new Notices.Notice(
            PublicationKind.SOURCE_REPORT,
            FailureClass.SOURCE,
            "line",
            new Owner("Vendor integrations", null, null),
            null);

    assertThat(Notices.headers(notice, "vendors"))
        .containsExactly(
            Map.entry("medic_class", "SOURCE"),
            Map.entry("medic_kind", "SOURCE_REPORT"),
            Map.entry("medic_team", "vendors"),
            Map.entry("medic_owner", "Vendor integrations"));
    assertThat(
            Notices.headers(
                new Notices.Notice(
                    PublicationKind.TRANSIENT_NOTICE, FailureClass.TRANSIENT, "line", null, null),
                null))
        .containsOnlyKeys("medic_class", "medic_kind");
  }

  private static <R> Delivery<R> delivered(R receipt) {
    return new Delivery<>(DeliveryStatus.DELIVERED, receipt, null);
  }
}
