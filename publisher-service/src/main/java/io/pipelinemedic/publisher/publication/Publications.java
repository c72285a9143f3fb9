package io.pipelinemedic.publisher.publication;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.pipelinemedic.publisher.config.PublisherConfig;
import io.pipelinemedic.publisher.github.PullRequests;
import io.pipelinemedic.publisher.jira.JiraTickets;
import io.pipelinemedic.publisher.record.IncidentRecord;
import io.pipelinemedic.publisher.record.PublicationRow;
import io.pipelinemedic.publisher.slack.IncidentThread;
import io.pipelinemedic.publisher.slack.SlackApi;
import io.pipelinemedic.publisher.slack.SlackMessages;
import io.pipelinemedic.schemas.Classified;
import io.pipelinemedic.schemas.Envelope;
import io.pipelinemedic.schemas.EventJson;
import io.pipelinemedic.schemas.FixProposed;
import io.pipelinemedic.schemas.Published;
import io.pipelinemedic.schemas.SourceReported;
import io.pipelinemedic.schemas.Topics;
import io.pipelinemedic.schemas.model.FailureClass;
import io.pipelinemedic.schemas.model.FixOutcome;
import io.pipelinemedic.schemas.model.Links;
import io.pipelinemedic.schemas.model.Owner;
import io.pipelinemedic.schemas.model.PublicationKind;
import io.pipelinemedic.schemas.model.RootCauseGroup;
import io.pipelinemedic.service.EventMessages;
import io.pipelinemedic.service.VertxAwait;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;
import org.kohsuke.github.GitHubBuilder;

/**
 * What reaches people for each outcome: a verified fix's pull request, a SOURCE report's Jira
 * ticket and email draft, the incident's Slack message and thread, and then a {@code published}
 * event with every link, routed by owner and team in its headers. Channels without settings are
 * off. Each channel is delivered once per outcome (see {@link Deliveries}); one channel's outage
 * does not keep the others, or the {@code published} event, from going out.
 */
@ApplicationScoped
public class Publications {

  private static final Logger LOG = Logger.getLogger(Publications.class);

  @Inject PublisherConfig config;

  @Inject Deliveries deliveries;

  @Inject IncidentRecord incidents;

  @Inject
  @Channel("published-out")
  MutinyEmitter<Published> published;

  private final Clock clock = Clock.systemUTC();
  private final ChannelHttp http = new ChannelHttp();
  private PullRequests pullRequests;
  private IncidentThread slack;
  private JiraTickets jira;

  @PostConstruct
  void channels() {
    PublisherConfig.GitHub github = config.github();
    if (github.repository().isPresent() && github.token().isPresent()) {
      try {
        pullRequests =
            new PullRequests(
                new GitHubBuilder()
                    .withEndpoint(github.endpoint())
                    .withOAuthToken(github.token().get())
                    .build(),
                github.repository().get(),
                github.base(),
                github.labels(),
                github.reviewers().orElse(List.of()),
                github.ownerReviewers(),
                github.draftBelow());
      } catch (IOException e) {
        throw new IllegalStateException("GitHub client: " + e.getMessage(), e);
      }
    }
    PublisherConfig.Slack slackConfig = config.slack();
    slackConfig
        .token()
        .ifPresent(
            token ->
                slack =
                    new IncidentThread(
                        new SlackApi(http, slackConfig.endpoint(), token),
                        slackConfig.channel(),
                        incidents));
    PublisherConfig.Jira jiraConfig = config.jira();
    if (jiraConfig.url().isPresent()
        && jiraConfig.email().isPresent()
        && jiraConfig.token().isPresent()) {
      jira =
          new JiraTickets(
              http,
              jiraConfig.url().get(),
              jiraConfig.email().get(),
              jiraConfig.token().get(),
              jiraConfig.project(),
              jiraConfig.issueType(),
              jiraConfig.labels());
    }
    LOG.infof(
        "channels: github %s, slack %s, jira %s",
        pullRequests != null ? "on" : "off",
        slack != null ? "on" : "off",
        jira != null ? "on" : "off");
  }

  /** The incident's Slack message; a transient incident's one line and its notice. */
  public void classified(byte[] record, Classified event) throws InterruptedException {
    if (event.groups().isEmpty()) {
      return;
    }
    Deliveries.Outcome outcome = outcome(Topics.CLASSIFIED, record, event.envelope(), null, null);
    String incidentUrl = incidentUrl(event.envelope().incidentId());
    PublicationRow posted = null;
    if (slack != null) {
      posted =
          deliveries.deliver(
              outcome,
              "slack",
              () -> {
                SlackApi.Posted parent = slack.show(event, outcomes(event), incidentUrl);
                return new Deliveries.Delivered(parent.ts(), parent.channel());
              });
    }
    if (SlackMessages.isTransient(event)) {
      RootCauseGroup first = event.groups().get(0);
      publish(
          outcome,
          PublicationKind.TRANSIENT_NOTICE,
          FailureClass.TRANSIENT,
          "Transient failure, nothing to fix: " + first.reason(),
          first.owner(),
          links(null, posted, null, null, null, incidentUrl));
    }
  }

  /** A verified fix's pull request, or what went wrong; the Slack thread; the notice. */
  public void fixProposed(byte[] record, FixProposed fix) throws IOException, InterruptedException {
    String incidentId = fix.envelope().incidentId();
    Classified classified = classification(incidentId);
    RootCauseGroup group = group(classified, fix.groupId());
    Deliveries.Outcome outcome =
        new Deliveries.Outcome(
            Topics.FIX_PROPOSED,
            record,
            fix.outcome() == FixOutcome.VERIFIED
                ? "fix:" + incidentId + ":" + fix.groupId() + ":" + fix.change().commitSha()
                : fix.envelope().eventId(),
            incidentId,
            fix.groupId(),
            fix.rootCauseNode());
    String incidentUrl = incidentUrl(incidentId);
    PublicationKind kind = PublicationKind.FIX_FAILED_REPORT;
    String pullRequestUrl = null;
    String summary;
    if (fix.outcome() != FixOutcome.VERIFIED) {
      summary =
          "No fix proposed for "
              + fix.rootCauseNode()
              + ": "
              + fix.outcome()
              + (fix.outcomeReason() == null ? "" : ", " + fix.outcomeReason());
    } else if (pullRequests == null) {
      kind = PublicationKind.FIX_VERIFIED;
      summary =
          "Fix verified on branch "
              + fix.change().branch()
              + " (commit "
              + fix.change().commitSha()
              + "); no GitHub repository is configured for a pull request.";
    } else {
      PublicationRow pull =
          deliveries.deliver(
              outcome,
              "github",
              () -> {
                PullRequests.Outcome pr = pullRequests.publish(fix, group, incidentUrl);
                return new Deliveries.Delivered(pr.url(), pr.kind().name());
              });
      if ("DELIVERED".equals(pull.status)) {
        kind = PublicationKind.valueOf(pull.detail);
        pullRequestUrl = pull.link;
        summary =
            (kind == PublicationKind.PULL_REQUEST_OPENED
                    ? "Fix verified by dbt on a dev copy; pull request opened for review: "
                    : "Failed again; the open pull request still fixes it (verified again): ")
                + pull.link;
      } else {
        kind = PublicationKind.FIX_VERIFIED;
        summary =
            "Fix verified on branch "
                + fix.change().branch()
                + ", but the pull request could not be opened: "
                + pull.detail;
      }
    }
    PublicationRow thread = slackReply(outcome, classified, fix.groupId(), summary, incidentUrl);
    publish(
        outcome,
        kind,
        group.failureClass(),
        summary,
        fix.owner(),
        links(pullRequestUrl, thread, null, null, null, incidentUrl));
  }

  /** A SOURCE report's Jira ticket, its email draft kept, the Slack thread; the notice. */
  public void sourceReported(byte[] record, SourceReported report)
      throws IOException, InterruptedException {
    String incidentId = report.envelope().incidentId();
    Classified classified = classification(incidentId);
    Deliveries.Outcome outcome =
        outcome(
            Topics.SOURCE_REPORTED,
            record,
            report.envelope(),
            report.groupId(),
            report.rootCauseNode());
    String incidentUrl = incidentUrl(incidentId);
    PublicationRow ticket = null;
    if (jira != null) {
      ticket =
          deliveries.deliver(
              outcome,
              "jira",
              () -> {
                PublicationRow earlier = deliveries.latestFor(report.rootCauseNode(), "jira");
                JiraTickets.Ticket opened =
                    earlier == null
                        ? jira.open(report, incidentUrl)
                        : jira.comment(earlier.link, report, incidentUrl);
                return new Deliveries.Delivered(opened.key(), opened.url());
              });
    }
    if (report.email() != null) {
      deliveries.deliver(
          outcome, "email", () -> new Deliveries.Delivered(report.email().to(), draft(report)));
    }
    boolean ticketed = ticket != null && "DELIVERED".equals(ticket.status);
    String owner = report.owner() == null ? "the data's owner" : report.owner().name();
    String summary =
        "Source data problem in "
            + (report.relationName() != null ? report.relationName() : report.rootCauseNode())
            + ": "
            + report.summary()
            + " For "
            + owner
            + (ticketed ? "; Jira " + ticket.link + " (" + ticket.detail + ")" : "")
            + (report.email() != null ? "; an email draft is kept for a person to send." : ".");
    PublicationRow thread = slackReply(outcome, classified, report.groupId(), summary, incidentUrl);
    String ownerChannel =
        report.owner() == null ? null : config.slack().ownerChannels().get(report.owner().name());
    if (slack != null && ownerChannel != null) {
      deliveries.deliver(
          outcome,
          "slack-owner",
          () -> {
            SlackApi.Posted posted = slack.slack().post(ownerChannel, summary, null, null);
            return new Deliveries.Delivered(posted.ts(), posted.channel());
          });
    }
    publish(
        outcome,
        PublicationKind.SOURCE_REPORT,
        FailureClass.SOURCE,
        summary,
        report.owner(),
        links(
            null,
            thread,
            ticketed ? ticket.link : null,
            ticketed ? ticket.detail : null,
            report.reportUri(),
            incidentUrl));
  }

  private PublicationRow slackReply(
      Deliveries.Outcome outcome,
      Classified classified,
      String groupId,
      String line,
      String incidentUrl)
      throws InterruptedException {
    if (slack == null) {
      return null;
    }
    return deliveries.deliver(
        outcome,
        "slack",
        () -> {
          Map<String, String> outcomes = outcomes(classified);
          outcomes.put(groupId, line);
          SlackApi.Posted parent = slack.reply(classified, outcomes, line, incidentUrl);
          return new Deliveries.Delivered(parent.ts(), parent.channel());
        });
  }

  /** The groups' outcome lines so far, from the incident's {@code published} deliveries. */
  private Map<String, String> outcomes(Classified classified) {
    Map<String, String> outcomes = new HashMap<>();
    for (PublicationRow row :
        deliveries.ofIncident(classified.envelope().incidentId(), "published")) {
      if (row.groupId != null) {
        outcomes.put(row.groupId, row.detail);
      }
    }
    return outcomes;
  }

  private void publish(
      Deliveries.Outcome outcome,
      PublicationKind kind,
      FailureClass failureClass,
      String summary,
      Owner owner,
      Links links)
      throws InterruptedException {
    String team = team(owner);
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
            kind,
            failureClass,
            summary,
            owner,
            team,
            links);
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("medic_class", failureClass.name());
    headers.put("medic_kind", kind.name());
    if (team != null) {
      headers.put("medic_team", team);
    }
    if (owner != null && owner.name() != null) {
      headers.put("medic_owner", owner.name());
    }
    deliveries.deliver(
        outcome,
        "published",
        () -> {
          published.sendMessageAndAwait(Message.of(event, EventMessages.metadata(event, headers)));
          return new Deliveries.Delivered(null, summary);
        });
  }

  private String team(Owner owner) {
    if (owner == null) {
      return null;
    }
    String configured = owner.name() == null ? null : config.teams().get(owner.name());
    return configured != null ? configured : owner.group() != null ? owner.group() : owner.name();
  }

  /** The incident's classification; it may arrive after its outcome (another topic): waits. */
  private Classified classification(String incidentId) throws IOException, InterruptedException {
    Instant deadline = clock.instant().plus(config.delivery().classificationWait());
    while (true) {
      Classified classified = VertxAwait.await(() -> incidents.classification(incidentId));
      if (classified != null) {
        return classified;
      }
      if (clock.instant().isAfter(deadline)) {
        throw new IOException(
            "no classification of incident "
                + incidentId
                + " was recorded within "
                + config.delivery().classificationWait());
      }
      Thread.sleep(250);
    }
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

  private static String draft(SourceReported report) throws IOException {
    try {
      return EventJson.mapper().writeValueAsString(report.email());
    } catch (JsonProcessingException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  private static Deliveries.Outcome outcome(
      String topic, byte[] record, Envelope envelope, String groupId, String rootCause) {
    return new Deliveries.Outcome(
        topic, record, envelope.eventId(), envelope.incidentId(), groupId, rootCause);
  }

  private String incidentUrl(String incidentId) {
    return config.publicUrl() + "/incidents/" + incidentId;
  }

  /** Every link; the Slack ones when the incident's message was posted. */
  private static Links links(
      String pullRequestUrl,
      PublicationRow slack,
      String jiraKey,
      String jiraUrl,
      String reportUri,
      String incidentUrl) {
    boolean posted = slack != null && "DELIVERED".equals(slack.status);
    return new Links(
        pullRequestUrl,
        posted ? slack.detail : null,
        posted ? slack.link : null,
        jiraKey,
        jiraUrl,
        reportUri,
        incidentUrl);
  }
}
