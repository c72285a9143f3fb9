package io.pipelinemedic.publisher.slack;

import io.pipelinemedic.publisher.record.IncidentRecord;
import io.pipelinemedic.publisher.record.IncidentRow;
import io.pipelinemedic.schemas.Classified;
import io.pipelinemedic.service.VertxAwait;
import java.io.IOException;
import java.util.Map;

/**
 * An incident's one Slack message and its thread: the message is posted once (kept on the incident)
 * and rewritten as its groups' outcomes arrive; each outcome is also a reply in its thread.
 * Synchronized, because the consumers of three topics speak about the same incident.
 *
 * @param slack the Web API
 * @param channel the channel of incident messages
 * @param incidents the incident record, which keeps the message's channel and ts
 */
public record IncidentThread(SlackApi slack, String channel, IncidentRecord incidents) {

  /**
   * Posts or rewrites the incident's message.
   *
   * @param outcomes each group's outcome line so far, by group id
   * @return the message, parent of the thread
   */
  public synchronized SlackApi.Posted show(
      Classified classified, Map<String, String> outcomes, String incidentUrl) throws IOException {
    String incidentId = classified.envelope().incidentId();
    SlackMessages.Message message =
        SlackMessages.isTransient(classified)
            ? SlackMessages.transientLine(classified, incidentUrl)
            : SlackMessages.incident(classified, outcomes, incidentUrl);
    IncidentRow incident = VertxAwait.await(() -> incidents.incident(incidentId));
    if (incident.slackTs != null) {
      slack.update(incident.slackChannel, incident.slackTs, message.text(), message.blocks());
      return new SlackApi.Posted(incident.slackChannel, incident.slackTs);
    }
    SlackApi.Posted posted = slack.post(channel, message.text(), message.blocks(), null);
    VertxAwait.await(() -> incidents.slackMessage(incidentId, posted.channel(), posted.ts()));
    return posted;
  }

  /**
   * Rewrites the incident's message with a new outcome and replies with it in the thread.
   *
   * @return the incident's message, parent of the reply
   */
  public SlackApi.Posted reply(
      Classified classified, Map<String, String> outcomes, String line, String incidentUrl)
      throws IOException {
    SlackApi.Posted parent = show(classified, outcomes, incidentUrl);
    slack.post(parent.channel(), line, null, parent.ts());
    return parent;
  }
}
