package io.pipelinemedic.publisher.slack;

import io.pipelinemedic.publisher.config.PublisherConfig;
import io.pipelinemedic.publisher.publication.ChannelHttp;
import io.pipelinemedic.publisher.publication.OutcomeChannel;
import io.pipelinemedic.publisher.record.IncidentRecord;
import io.pipelinemedic.publisher.record.IncidentRow;
import io.pipelinemedic.schemas.Classified;
import io.pipelinemedic.service.VertxAwait;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.util.Map;

/**
 * Slack as an outcome channel, its client built at start-up from {@code medic.publisher.slack}; off
 * without a token. An incident has one message (posted once, kept on the incident, rewritten as its
 * groups' outcomes arrive) and each outcome is a reply in its thread; SOURCE reports also go to the
 * owner's channel ({@link #OWNER}). The receipt is the message: its channel and ts.
 */
@Singleton
public class SlackChannel implements OutcomeChannel<SlackApi.Posted> {

  /** Posts to an owner's channel, recorded apart from the incident's thread. */
  public static final OutcomeChannel<SlackApi.Posted> OWNER = new Messages("slack-owner");

  private static final Messages THREAD = new Messages("slack");

  /** A Slack message kept as its ts (the link) and its channel. */
  private record Messages(String name) implements OutcomeChannel<SlackApi.Posted> {

    @Override
    public String link(SlackApi.Posted receipt) {
      return receipt.ts();
    }

    @Override
    public String detail(SlackApi.Posted receipt) {
      return receipt.channel();
    }

    @Override
    public SlackApi.Posted receipt(String link, String detail) {
      return new SlackApi.Posted(detail, link);
    }
  }

  private final SlackApi slack;
  private final String channel;
  private final Map<String, String> ownerChannels;
  private final SlackMentions mentions;
  private final IncidentRecord incidents;

  SlackChannel(PublisherConfig config, ChannelHttp http, IncidentRecord incidents) {
    PublisherConfig.Slack settings = config.slack();
    this.slack = settings.token().map(t -> new SlackApi(http, settings.endpoint(), t)).orElse(null);
    this.channel = settings.channel();
    this.ownerChannels = settings.ownerChannels();
    this.mentions = new SlackMentions(settings.mentions());
    this.incidents = incidents;
  }

  /** Whether Slack is configured. */
  public boolean on() {
    return slack != null;
  }

  /** The channel configured for {@code owner}'s reports, or {@code null}. */
  public String ownerChannel(String owner) {
    return owner == null ? null : ownerChannels.get(owner);
  }

  /**
   * Posts or rewrites the incident's message. Synchronized: the consumers of several topics speak
   * about the same incident.
   *
   * @param outcomes each group's outcome so far, by group id
   * @return the message, parent of the thread
   */
  public synchronized SlackApi.Posted show(
      Classified classified, Map<String, SlackMessages.Outcome> outcomes, String incidentUrl)
      throws IOException {
    IncidentRow incident =
        VertxAwait.await(() -> incidents.incident(classified.envelope().incidentId()));
    return put(
        incident, SlackMessages.of(incident, classified, outcomes, incidentUrl, null, mentions));
  }

  /**
   * Rewrites the incident's message with a new outcome and replies with it in the thread.
   *
   * @return the incident's message, parent of the reply
   */
  public SlackApi.Posted reply(
      Classified classified,
      Map<String, SlackMessages.Outcome> outcomes,
      String line,
      String incidentUrl)
      throws IOException {
    SlackApi.Posted parent = show(classified, outcomes, incidentUrl);
    slack.post(parent.channel(), SlackMessages.escape(line), null, parent.ts());
    return parent;
  }

  /**
   * Rewrites the incident's message with its life after the outcome (posts it when there is none)
   * and says {@code line} in the thread.
   *
   * @param classified the incident's classification, or {@code null} when none came
   * @param stopped why the pipeline stopped, when it just did
   * @return the message, parent of the reply
   */
  public synchronized SlackApi.Posted moveOn(
      String incidentId,
      Classified classified,
      Map<String, SlackMessages.Outcome> outcomes,
      String line,
      String stopped,
      String incidentUrl)
      throws IOException {
    IncidentRow incident = VertxAwait.await(() -> incidents.incident(incidentId));
    SlackApi.Posted parent =
        put(
            incident,
            SlackMessages.of(incident, classified, outcomes, incidentUrl, stopped, mentions));
    slack.post(parent.channel(), SlackMessages.escape(line), null, parent.ts());
    return parent;
  }

  /** Rewrites the incident's message, or posts it and keeps it on the incident. */
  private SlackApi.Posted put(IncidentRow incident, SlackMessages.Message message)
      throws IOException {
    if (incident.slackTs != null) {
      slack.update(incident.slackChannel, incident.slackTs, message.text(), message.blocks());
      return new SlackApi.Posted(incident.slackChannel, incident.slackTs);
    }
    SlackApi.Posted posted = slack.post(channel, message.text(), message.blocks(), null);
    VertxAwait.await(
        () -> incidents.slackMessage(incident.incidentId, posted.channel(), posted.ts()));
    return posted;
  }

  /** Posts {@code text} to an owner's channel. */
  public SlackApi.Posted postToOwner(String ownerChannel, String text) throws IOException {
    return slack.post(ownerChannel, text, null, null);
  }

  @Override
  public String name() {
    return THREAD.name();
  }

  @Override
  public String link(SlackApi.Posted receipt) {
    return THREAD.link(receipt);
  }

  @Override
  public String detail(SlackApi.Posted receipt) {
    return THREAD.detail(receipt);
  }

  @Override
  public SlackApi.Posted receipt(String link, String detail) {
    return THREAD.receipt(link, detail);
  }
}
