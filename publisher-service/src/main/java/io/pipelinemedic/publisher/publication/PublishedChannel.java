package io.pipelinemedic.publisher.publication;

import io.pipelinemedic.schemas.Published;
import io.pipelinemedic.service.EventMessages;
import io.pipelinemedic.service.retry.Retries;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.Map;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * The {@code published} topic as an outcome channel, for the teams that subscribe: the notice goes
 * out with its routing headers once the broker has it. The receipt is the notice's event id and its
 * one line, which the incident's Slack message shows per group.
 */
@Singleton
public class PublishedChannel implements OutcomeChannel<PublishedChannel.Notice> {

  /**
   * A notice on {@code published}.
   *
   * @param eventId its event id
   * @param summary its one line
   */
  public record Notice(String eventId, String summary) {}

  @Inject
  @Channel("published-out")
  MutinyEmitter<Published> published;

  /** Sends {@code event} with {@code headers}; a broker that does not take it is retried. */
  public Notice send(Published event, Map<String, String> headers) throws Retries.Retryable {
    try {
      published.sendMessageAndAwait(Message.of(event, EventMessages.metadata(event, headers)));
    } catch (RuntimeException e) {
      throw new Retries.Retryable("the broker did not take it: " + e.getMessage(), null);
    }
    return new Notice(event.envelope().eventId(), event.summary());
  }

  @Override
  public String name() {
    return "published";
  }

  @Override
  public String link(Notice receipt) {
    return receipt.eventId();
  }

  @Override
  public String detail(Notice receipt) {
    return receipt.summary();
  }

  @Override
  public Notice receipt(String link, String detail) {
    return new Notice(link, detail);
  }
}
