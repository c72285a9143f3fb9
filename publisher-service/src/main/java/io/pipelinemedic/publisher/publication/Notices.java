package io.pipelinemedic.publisher.publication;

import io.pipelinemedic.publisher.github.PullRequests;
import io.pipelinemedic.publisher.jira.JiraTickets;
import io.pipelinemedic.publisher.slack.SlackApi;
import io.pipelinemedic.schemas.Classified;
import io.pipelinemedic.schemas.FixProposed;
import io.pipelinemedic.schemas.SourceReported;
import io.pipelinemedic.schemas.model.FailureClass;
import io.pipelinemedic.schemas.model.FixOutcome;
import io.pipelinemedic.schemas.model.Links;
import io.pipelinemedic.schemas.model.Owner;
import io.pipelinemedic.schemas.model.PublicationKind;
import io.pipelinemedic.schemas.model.RootCauseGroup;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the {@code published} notice of an outcome says, decided from the outcome and what its
 * channels delivered: its kind, its one line, its links, its team and routing headers.
 */
public final class Notices {

  /**
   * A notice before it is sent.
   *
   * @param kind what happened
   * @param failureClass the root cause's class
   * @param summary the one line people read
   * @param owner whom it concerns
   * @param pullRequestUrl the pull request, when one was opened or updated
   */
  public record Notice(
      PublicationKind kind,
      FailureClass failureClass,
      String summary,
      Owner owner,
      String pullRequestUrl) {}

  private Notices() {}

  /** A transient incident: nothing to fix, and why. */
  public static Notice transientIncident(Classified event) {
    RootCauseGroup first = event.groups().get(0);
    return new Notice(
        PublicationKind.TRANSIENT_NOTICE,
        FailureClass.TRANSIENT,
        "Transient failure, nothing to fix: " + first.reason(),
        first.owner(),
        null);
  }

  /**
   * A fix attempt's notice.
   *
   * @param pull the pull request's delivery, or {@code null} when GitHub is off or the fix was not
   *     verified
   */
  public static Notice fix(
      FixProposed fix, RootCauseGroup group, Delivery<PullRequests.Outcome> pull) {
    if (fix.outcome() != FixOutcome.VERIFIED) {
      return new Notice(
          PublicationKind.FIX_FAILED_REPORT,
          group.failureClass(),
          "No fix proposed for "
              + fix.rootCauseNode()
              + ": "
              + fix.outcome()
              + (fix.outcomeReason() == null ? "" : ", " + fix.outcomeReason()),
          fix.owner(),
          null);
    }
    String branch = "Fix verified on branch " + fix.change().branch();
    if (pull == null) {
      return new Notice(
          PublicationKind.FIX_VERIFIED,
          group.failureClass(),
          branch
              + " (commit "
              + fix.change().commitSha()
              + "); no GitHub repository is configured for a pull request.",
          fix.owner(),
          null);
    }
    if (!pull.delivered()) {
      return new Notice(
          PublicationKind.FIX_VERIFIED,
          group.failureClass(),
          branch + ", but the pull request could not be opened: " + pull.failure(),
          fix.owner(),
          null);
    }
    PullRequests.Outcome opened = pull.receipt();
    return new Notice(
        opened.kind(),
        group.failureClass(),
        (opened.kind() == PublicationKind.PULL_REQUEST_OPENED
                ? "Fix verified by dbt in a dev area; pull request opened for review: "
                : "Failed again; the open pull request still fixes it (verified again): ")
            + opened.url(),
        fix.owner(),
        opened.url());
  }

  /**
   * A SOURCE report's notice.
   *
   * @param ticket the report's Jira ticket, when one was delivered
   */
  public static Notice report(SourceReported report, JiraTickets.Ticket ticket) {
    String owner = report.owner() == null ? "the data's owner" : report.owner().name();
    return new Notice(
        PublicationKind.SOURCE_REPORT,
        FailureClass.SOURCE,
        "Source data problem in "
            + (report.relationName() != null ? report.relationName() : report.rootCauseNode())
            + ": "
            + report.summary()
            + " For "
            + owner
            + (ticket != null ? "; Jira " + ticket.key() + " (" + ticket.url() + ")" : "")
            + (report.email() != null ? "; an email draft is kept for a person to send." : "."),
        report.owner(),
        null);
  }

  /** Every link of the notice; Slack's when the incident's message was posted. */
  public static Links links(
      Notice notice,
      SlackApi.Posted slack,
      JiraTickets.Ticket ticket,
      String reportUri,
      String incidentUrl) {
    return new Links(
        notice.pullRequestUrl(),
        slack == null ? null : slack.channel(),
        slack == null ? null : slack.ts(),
        ticket == null ? null : ticket.key(),
        ticket == null ? null : ticket.url(),
        reportUri,
        incidentUrl);
  }

  /** The owner's team: as configured by owner name, else the owner's dbt group, else the name. */
  public static String team(Owner owner, Map<String, String> teams) {
    if (owner == null) {
      return null;
    }
    String configured = owner.name() == null ? null : teams.get(owner.name());
    return configured != null ? configured : owner.group() != null ? owner.group() : owner.name();
  }

  /** The routing headers subscribers filter on. */
  public static Map<String, String> headers(Notice notice, String team) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("medic_class", notice.failureClass().name());
    headers.put("medic_kind", notice.kind().name());
    if (team != null) {
      headers.put("medic_team", team);
    }
    if (notice.owner() != null && notice.owner().name() != null) {
      headers.put("medic_owner", notice.owner().name());
    }
    return headers;
  }
}
