package io.pipelinemedic.publisher.publication;

import io.pipelinemedic.publisher.config.PublisherConfig;
import io.pipelinemedic.publisher.github.GitHubChannel;
import io.pipelinemedic.publisher.github.PullRequests;
import io.pipelinemedic.publisher.jira.JiraChannel;
import io.pipelinemedic.publisher.jira.JiraTickets;
import io.pipelinemedic.publisher.slack.SlackApi;
import io.pipelinemedic.publisher.slack.SlackChannel;
import io.pipelinemedic.publisher.slack.SlackMessages;
import io.pipelinemedic.schemas.Classified;
import io.pipelinemedic.schemas.Envelope;
import io.pipelinemedic.schemas.FixProposed;
import io.pipelinemedic.schemas.PipelineEvent;
import io.pipelinemedic.schemas.Published;
import io.pipelinemedic.schemas.SourceReported;
import io.pipelinemedic.schemas.Topics;
import io.pipelinemedic.schemas.model.FixOutcome;
import io.pipelinemedic.schemas.model.Links;
import io.pipelinemedic.schemas.model.PublicationKind;
import io.pipelinemedic.schemas.model.RootCauseGroup;
import jakarta.annotation.PostConstruct;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * What reaches people for each outcome: a verified fix's pull request, a SOURCE report's Jira
 * ticket and email draft, the incident's Slack message and thread, and then a {@code published}
 * notice with every link, routed by owner and team in its headers ({@link Notices} decides what it
 * says). Channels without settings are off. Each channel is delivered once per outcome (see {@link
 * Deliveries}); one channel's outage does not keep the others, or the notice, from going out.
 */
@Singleton
public class Publications {

  private static final Logger LOG = Logger.getLogger(Publications.class);

  @Inject PublisherConfig config;

  @Inject Deliveries deliveries;

  @Inject GitHubChannel github;

  @Inject SlackChannel slack;

  @Inject JiraChannel jira;

  @Inject PublishedChannel published;

  private final EmailDrafts email = new EmailDrafts();
  private final Clock clock = Clock.systemUTC();

  @PostConstruct
  void channels() {
    LOG.infof(
        "channels: github %s, slack %s, jira %s",
        github.on() ? "on" : "off", slack.on() ? "on" : "off", jira.on() ? "on" : "off");
  }

  /** The incident's Slack message; a transient incident's one line and its notice. */
  public void classified(byte[] record, Classified event) throws InterruptedException {
    if (event.groups().isEmpty()) {
      return;
    }
    Deliveries.Outcome outcome =
        new Deliveries.Outcome(
            Topics.CLASSIFIED,
            record,
            event.envelope().eventId(),
            event.envelope().incidentId(),
            null,
            null);
    String incidentUrl = incidentUrl(event.envelope().incidentId());
    SlackApi.Posted posted = null;
    if (slack.on()) {
      posted =
          deliveries
              .deliver(outcome, slack, () -> slack.show(event, outcomes(event), incidentUrl))
              .receiptOrNull();
    }
    if (SlackMessages.isTransient(event)) {
      Notices.Notice notice = Notices.transientIncident(event);
      publish(outcome, notice, Notices.links(notice, posted, null, null, incidentUrl));
    }
  }

  /** A verified fix's pull request, or what went wrong; the Slack thread; the notice. */
  public void fixProposed(byte[] record, FixProposed fix, Classified classified)
      throws IOException, InterruptedException {
    String incidentId = fix.envelope().incidentId();
    RootCauseGroup group = group(classified, fix.groupId());
    Deliveries.Outcome outcome = outcome(record, fix);
    if (deliveries.recorded(outcome, published)) {
      return; // published already, or given up
    }
    String incidentUrl = incidentUrl(incidentId);
    Delivery<PullRequests.Outcome> pull =
        fix.outcome() == FixOutcome.VERIFIED && github.on()
            ? deliveries.deliver(outcome, github, () -> github.publish(fix, group, incidentUrl))
            : null;
    Notices.Notice notice = Notices.fix(fix, group, pull);
    SlackApi.Posted thread = slackReply(outcome, classified, notice, incidentUrl);
    publish(outcome, notice, Notices.links(notice, thread, null, null, incidentUrl));
  }

  /** A SOURCE report's Jira ticket, its email draft kept, the Slack thread; the notice. */
  public void sourceReported(byte[] record, SourceReported report, Classified classified)
      throws InterruptedException {
    String incidentId = report.envelope().incidentId();
    Deliveries.Outcome outcome = outcome(record, report);
    if (deliveries.recorded(outcome, published)) {
      return; // published already, or given up
    }
    String incidentUrl = incidentUrl(incidentId);
    JiraTickets.Ticket ticket = null;
    if (jira.on()) {
      ticket =
          deliveries
              .deliver(
                  outcome,
                  jira,
                  () ->
                      jira.ticket(
                          report, incidentUrl, deliveries.latest(jira, report.rootCauseNode())))
              .receiptOrNull();
    }
    if (report.email() != null) {
      deliveries.deliver(outcome, email, report::email);
    }
    Notices.Notice notice = Notices.report(report, ticket);
    SlackApi.Posted thread = slackReply(outcome, classified, notice, incidentUrl);
    String ownerChannel = report.owner() == null ? null : slack.ownerChannel(report.owner().name());
    if (slack.on() && ownerChannel != null) {
      deliveries.deliver(
          outcome, SlackChannel.OWNER, () -> slack.postToOwner(ownerChannel, notice.summary()));
    }
    publish(
        outcome, notice, Notices.links(notice, thread, ticket, report.reportUri(), incidentUrl));
  }

  /**
   * Gives a fix or report up without publishing it (its classification never came): its notice is
   * recorded FAILED with {@code reason} and its record dead-lettered.
   */
  public void giveUp(byte[] record, PipelineEvent event, String reason)
      throws InterruptedException {
    Deliveries.Outcome outcome =
        event instanceof FixProposed fix
            ? outcome(record, fix)
            : outcome(record, (SourceReported) event);
    deliveries.giveUp(outcome, published, reason);
  }

  /** A fix's outcome: a verified fix is its commit (a resumed fix publishes it again). */
  private static Deliveries.Outcome outcome(byte[] record, FixProposed fix) {
    String incidentId = fix.envelope().incidentId();
    return new Deliveries.Outcome(
        Topics.FIX_PROPOSED,
        record,
        fix.outcome() == FixOutcome.VERIFIED
            ? "fix:" + incidentId + ":" + fix.groupId() + ":" + fix.change().commitSha()
            : fix.envelope().eventId(),
        incidentId,
        fix.groupId(),
        fix.rootCauseNode());
  }

  private static Deliveries.Outcome outcome(byte[] record, SourceReported report) {
    return new Deliveries.Outcome(
        Topics.SOURCE_REPORTED,
        record,
        report.envelope().eventId(),
        report.envelope().incidentId(),
        report.groupId(),
        report.rootCauseNode());
  }

  private SlackApi.Posted slackReply(
      Deliveries.Outcome outcome, Classified classified, Notices.Notice notice, String incidentUrl)
      throws InterruptedException {
    if (!slack.on()) {
      return null;
    }
    return deliveries
        .deliver(
            outcome,
            slack,
            () -> {
              Map<String, SlackMessages.Outcome> outcomes = outcomes(classified);
              outcomes.put(
                  outcome.groupId(),
                  new SlackMessages.Outcome(notice.summary(), notice.pullRequestUrl()));
              return slack.reply(classified, outcomes, notice.summary(), incidentUrl);
            })
        .receiptOrNull();
  }

  /** The groups' outcomes so far: their notices' lines and their fixes' pull requests. */
  Map<String, SlackMessages.Outcome> outcomes(Classified classified) {
    Map<String, SlackMessages.Outcome> outcomes = new HashMap<>();
    if (classified == null) {
      return outcomes;
    }
    String incidentId = classified.envelope().incidentId();
    Map<String, String> pullRequests = new HashMap<>();
    deliveries
        .byGroup(incidentId, github)
        .forEach(
            (group, pull) -> {
              if (pull.kind() == PublicationKind.PULL_REQUEST_OPENED
                  || pull.kind() == PublicationKind.PULL_REQUEST_UPDATED) {
                pullRequests.put(group, pull.url());
              }
            });
    deliveries
        .byGroup(incidentId, published)
        .forEach(
            (group, notice) ->
                outcomes.put(
                    group, new SlackMessages.Outcome(notice.summary(), pullRequests.get(group))));
    return outcomes;
  }

  /** Sends {@code notice} on {@code published}, routed to the owner's team. */
  void publish(Deliveries.Outcome outcome, Notices.Notice notice, Links links)
      throws InterruptedException {
    String team = Notices.team(notice.owner(), config.teams());
    Published event =
        new Published(
            new Envelope(
                UUID.nameUUIDFromBytes(
                        ("published:" + outcome.key()).getBytes(StandardCharsets.UTF_8))
                    .toString(),
                outcome.incidentId(),
                clock.instant(),
                Envelope.SCHEMA_VERSION,
                "publisher-service"),
            outcome.groupId(),
            notice.kind(),
            notice.failureClass(),
            notice.summary(),
            notice.owner(),
            team,
            links);
    deliveries.deliver(
        outcome, published, () -> published.send(event, Notices.headers(notice, team)));
  }

  private static RootCauseGroup group(Classified classified, String groupId) throws IOException {
    return classified.groups().stream()
        .filter(g -> g.groupId().equals(groupId))
        .findFirst()
        .orElseThrow(
            () ->
                new IOException(
                    "incident "
                        + classified.envelope().incidentId()
                        + " has no root-cause group "
                        + groupId));
  }

  /** The incident's page, where people read it. */
  String incidentUrl(String incidentId) {
    return config.publicUrl()
        + "/?incident="
        + java.net.URLEncoder.encode(incidentId, java.nio.charset.StandardCharsets.UTF_8);
  }
}
