package io.pipelinemedic.publisher.publication;

import io.pipelinemedic.publisher.github.GitHubChannel;
import io.pipelinemedic.publisher.jira.JiraChannel;
import io.pipelinemedic.publisher.jira.JiraTickets;
import io.pipelinemedic.publisher.record.IncidentRecord;
import io.pipelinemedic.publisher.record.IncidentRow;
import io.pipelinemedic.publisher.slack.SlackApi;
import io.pipelinemedic.publisher.slack.SlackChannel;
import io.pipelinemedic.schemas.Classified;
import io.pipelinemedic.schemas.FixReviewed;
import io.pipelinemedic.schemas.RunPassed;
import io.pipelinemedic.schemas.Topics;
import io.pipelinemedic.schemas.model.FailureClass;
import io.pipelinemedic.schemas.model.Owner;
import io.pipelinemedic.schemas.model.PublicationKind;
import io.pipelinemedic.schemas.model.RootCauseGroup;
import io.pipelinemedic.service.VertxAwait;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * What reaches people when an incident's life moves on after its outcome: resolved by a passing run
 * (the Slack message rewritten and a reply, each Jira ticket commented and moved to done where the
 * workflow allows, a fix's pull request still open told the cause went away by itself, a {@code
 * RESOLVED_NOTICE}); its fix merged or dismissed (the Slack message; a coding agent's fix merged is
 * drafted into a KB entry, proposed in a pull request: {@link KbDrafts}); the pipeline stopped on
 * it (a Slack message or reply saying which service gave up, why, and how to redrive; a {@code
 * PIPELINE_FAILED} notice). Each delivered once, like every outcome ({@link Deliveries}).
 */
@Singleton
public class LifecyclePublications {

  /** Comments on tickets, kept apart from the tickets themselves. */
  static final Remark.On JIRA_REMARKS = new Remark.On("jira-remark");

  /** Tickets moved to done. */
  static final Remark.On JIRA_TRANSITIONS = new Remark.On("jira-transition");

  /** Comments on pull requests, kept apart from the pull requests themselves. */
  static final Remark.On GITHUB_REMARKS = new Remark.On("github-remark");

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm 'UTC' 'on' yyyy-MM-dd").withZone(ZoneOffset.UTC);

  @Inject Publications publications;
  @Inject Deliveries deliveries;
  @Inject IncidentRecord incidents;
  @Inject SlackChannel slack;
  @Inject JiraChannel jira;
  @Inject GitHubChannel github;
  @Inject KbProposals kbProposals;

  /** Says that a run of {@code incident}'s job passed after it. */
  public void resolved(byte[] record, RunPassed event, IncidentRow incident)
      throws InterruptedException {
    String id = incident.incidentId;
    Deliveries.Outcome outcome =
        new Deliveries.Outcome(Topics.RUN_PASSED, record, "resolved:" + id, id, null, null);
    String url = publications.incidentUrl(id);
    String passed =
        "Run "
            + event.run().runId()
            + " of "
            + (event.run().jobName() != null ? event.run().jobName() : "the job")
            + " passed"
            + (incident.resolvedAt == null ? "" : " at " + TIME.format(incident.resolvedAt));
    Classified classified = VertxAwait.await(() -> incidents.classification(id));
    SlackApi.Posted posted =
        slackLine(outcome, incident, classified, ":white_check_mark: " + passed + ".", url);
    JiraTickets.Ticket ticket = null;
    if (jira.on()) {
      for (JiraTickets.Ticket each : new LinkedHashSet<>(deliveries.byGroup(id, jira).values())) {
        ticket = each;
        // the comment and the move are delivered apart, so that a retry of one repeats neither
        deliveries.deliver(
            remark(outcome, each.key()),
            JIRA_REMARKS,
            () -> jira.remark(each.key(), passed + ": the incident is resolved. " + url));
        deliveries.deliver(
            remark(outcome, each.key() + ":done"),
            JIRA_TRANSITIONS,
            () -> jira.moveToDone(each.key()));
      }
    }
    String pullRequest = null;
    if (github.on() && incident.fixedAt == null && incident.dismissedAt == null) {
      Set<String> pulls = new LinkedHashSet<>();
      deliveries.byGroup(id, github).values().forEach(pull -> pulls.add(pull.url()));
      for (String pull : pulls) {
        pullRequest = pull;
        deliveries.deliver(
            remark(outcome, pull),
            GITHUB_REMARKS,
            () ->
                github.remark(
                    pull,
                    passed
                        + " without this change: the cause went away by itself. Close this pull"
                        + " request unless the change is still wanted. Incident: "
                        + url));
      }
    }
    Notices.Notice notice =
        new Notices.Notice(
            PublicationKind.RESOLVED_NOTICE,
            failureClass(classified),
            "Resolved: " + passed + ".",
            owner(classified),
            pullRequest);
    publications.publish(outcome, notice, Notices.links(notice, posted, ticket, null, url));
  }

  /** Says that {@code incident}'s fix was merged or its pull request closed unmerged. */
  public void reviewed(byte[] record, FixReviewed event, IncidentRow incident)
      throws InterruptedException {
    String id = incident.incidentId;
    Deliveries.Outcome outcome =
        new Deliveries.Outcome(
            Topics.FIX_REVIEWED,
            record,
            "reviewed:" + id + ":" + event.envelope().eventId(),
            id,
            null,
            null);
    String line =
        (event.merged()
                ? ":white_check_mark: Fix merged: "
                : ":heavy_minus_sign: Closed unmerged: ")
            + event.url()
            + (event.closedBy() == null ? "" : " by " + event.closedBy())
            + ".";
    Classified classified = VertxAwait.await(() -> incidents.classification(id));
    slackLine(outcome, incident, classified, line, publications.incidentUrl(id));
    if (event.merged() && classified != null) {
      kbProposals.propose(outcome, event, classified);
    }
  }

  /**
   * Says that {@code service} gave up on the incident's {@code topic} event for {@code reason}, and
   * how to go on once the cause is fixed.
   *
   * @param failure what makes the failure one (the dead letter's timeline key)
   */
  public void failed(
      byte[] record, String topic, String service, String reason, String incidentId, String failure)
      throws InterruptedException {
    Deliveries.Outcome outcome =
        new Deliveries.Outcome(
            Topics.dlq(topic), record, "failed:" + failure, incidentId, null, null);
    String url = publications.incidentUrl(incidentId);
    String stopped =
        "Pipeline Medic stopped: "
            + service
            + " gave up on the "
            + topic
            + " event ("
            + reason
            + "). Once the cause is fixed: ./medic redrive "
            + topic
            + " --incident "
            + incidentId;
    Classified classified = VertxAwait.await(() -> incidents.classification(incidentId));
    SlackApi.Posted posted = null;
    if (slack.on()) {
      posted =
          deliveries
              .deliver(
                  outcome,
                  slack,
                  () ->
                      slack.moveOn(
                          incidentId,
                          classified,
                          publications.outcomes(classified),
                          ":x: " + stopped,
                          stopped,
                          url))
              .receiptOrNull();
    }
    Notices.Notice notice =
        new Notices.Notice(
            PublicationKind.PIPELINE_FAILED,
            failureClass(classified),
            stopped,
            owner(classified),
            null);
    publications.publish(outcome, notice, Notices.links(notice, posted, null, null, url));
  }

  /** Rewrites the incident's Slack message, if it has one, and says {@code line} in its thread. */
  private SlackApi.Posted slackLine(
      Deliveries.Outcome outcome,
      IncidentRow incident,
      Classified classified,
      String line,
      String url)
      throws InterruptedException {
    if (!slack.on() || incident.slackTs == null) {
      return null;
    }
    return deliveries
        .deliver(
            outcome,
            slack,
            () ->
                slack.moveOn(
                    incident.incidentId,
                    classified,
                    publications.outcomes(classified),
                    line,
                    null,
                    url))
        .receiptOrNull();
  }

  /** The outcome of a remark on {@code on}, recorded apart from {@code outcome}'s own. */
  static Deliveries.Outcome remark(Deliveries.Outcome outcome, String on) {
    return new Deliveries.Outcome(
        outcome.topic(),
        outcome.record(),
        outcome.key() + ":" + on,
        outcome.incidentId(),
        null,
        null);
  }

  private static FailureClass failureClass(Classified classified) {
    return classified == null || classified.groups().isEmpty()
        ? FailureClass.UNKNOWN
        : classified.groups().get(0).failureClass();
  }

  private static Owner owner(Classified classified) {
    if (classified == null) {
      return null;
    }
    return classified.groups().stream()
        .map(RootCauseGroup::owner)
        .filter(java.util.Objects::nonNull)
        .findFirst()
        .orElse(null);
  }
}
