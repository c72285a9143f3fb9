package io.pipelinemedic.publisher.publication;

import io.pipelinemedic.publisher.config.PublisherConfig;
import io.pipelinemedic.publisher.record.PublicationRow;
import io.pipelinemedic.schemas.Topics;
import io.pipelinemedic.service.VertxAwait;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.jboss.logging.Logger;

/**
 * Each outcome event delivered once per channel. A channel's delivery is attempted until it
 * succeeds, is refused, or runs out of attempts (waiting the backoff, or the channel's own
 * Retry-After, between them); then it is recorded. A delivery given up is recorded FAILED and the
 * outcome's record goes to its topic's dead-letter topic with the channel and the cause, while the
 * other channels go on. A redelivered outcome finds its recorded deliveries and repeats none.
 */
@ApplicationScoped
public class Deliveries {

  private static final Logger LOG = Logger.getLogger(Deliveries.class);

  /** What a channel delivered: where to find it and one line about it. */
  public record Delivered(String link, String detail) {}

  /** One channel's delivery. */
  @FunctionalInterface
  public interface Delivery {
    Delivered deliver() throws IOException;
  }

  /**
   * The outcome event being published.
   *
   * @param topic its topic
   * @param record its record as received, for a dead letter
   * @param key what makes it one outcome: its event id, or for a verified fix its commit (a runner
   *     that resumes a pushed fix publishes the same commit again in a new event)
   * @param incidentId its incident
   * @param groupId its root-cause group, when any
   * @param rootCause the root-cause node, when any
   */
  public record Outcome(
      String topic,
      byte[] record,
      String key,
      String incidentId,
      String groupId,
      String rootCause) {}

  private final Clock clock = Clock.systemUTC();

  @Inject PublisherConfig config;

  @Inject
  @Channel("dead-letters")
  MutinyEmitter<byte[]> deadLetters;

  /** The delivery of {@code outcome} on {@code channel}: the recorded one, or a new attempt. */
  public PublicationRow deliver(Outcome outcome, String channel, Delivery delivery)
      throws InterruptedException {
    PublicationRow done = VertxAwait.await(() -> recorded(outcome.key(), channel));
    if (done != null) {
      return done;
    }
    Duration backoff = config.delivery().backoff();
    IOException last = null;
    for (int attempt = 1; attempt <= config.delivery().attempts(); attempt++) {
      try {
        Delivered delivered = delivery.deliver();
        return record(outcome, channel, "DELIVERED", delivered.link(), delivered.detail());
      } catch (IOException e) {
        last = e;
        DeliveryFailure failure = e instanceof DeliveryFailure f ? f : null;
        if ((failure != null && !failure.retryable()) || attempt == config.delivery().attempts()) {
          break;
        }
        Duration wait =
            failure != null && failure.retryAfter() != null ? failure.retryAfter() : backoff;
        LOG.warnf(
            "%s %s: %s; attempt %d in %d ms",
            outcome.incidentId(), channel, e.getMessage(), attempt + 1, wait.toMillis());
        Thread.sleep(wait.toMillis());
        backoff = backoff.multipliedBy(2);
      }
    }
    String cause = channel + ": " + last.getMessage();
    LOG.errorf("%s: %s delivery given up, dead-lettered: %s", outcome.incidentId(), channel, cause);
    deadLetter(outcome, channel, cause);
    return record(outcome, channel, "FAILED", null, cause);
  }

  /** The latest delivered row of {@code channel} for {@code rootCause}, in any incident. */
  public PublicationRow latestFor(String rootCause, String channel) {
    return VertxAwait.await(
        () ->
            Panache.withSession(
                () ->
                    PublicationRow.<PublicationRow>find(
                            "rootCause = ?1 and key.channel = ?2 and status = 'DELIVERED'"
                                + " order by recordedAt desc",
                            rootCause,
                            channel)
                        .firstResult()));
  }

  /** An incident's rows of {@code channel}, oldest first. */
  public List<PublicationRow> ofIncident(String incidentId, String channel) {
    return VertxAwait.await(
        () ->
            Panache.withSession(
                () ->
                    PublicationRow.<PublicationRow>list(
                        "incidentId = ?1 and key.channel = ?2 order by recordedAt",
                        incidentId,
                        channel)));
  }

  private static Uni<PublicationRow> recorded(String key, String channel) {
    return Panache.withSession(() -> PublicationRow.findById(new PublicationRow.Key(key, channel)));
  }

  private PublicationRow record(
      Outcome outcome, String channel, String status, String link, String detail) {
    PublicationRow row = new PublicationRow();
    row.key = new PublicationRow.Key(outcome.key(), channel);
    row.incidentId = outcome.incidentId();
    row.groupId = outcome.groupId();
    row.rootCause = outcome.rootCause();
    row.status = status;
    row.link = link;
    row.detail = detail;
    row.recordedAt = clock.instant();
    return VertxAwait.await(() -> Panache.withTransaction(() -> row.persist()).replaceWith(row));
  }

  private void deadLetter(Outcome outcome, String channel, String cause) {
    RecordHeaders headers = new RecordHeaders();
    headers.add("dead-letter-reason", cause.getBytes(StandardCharsets.UTF_8));
    headers.add("dead-letter-channel", channel.getBytes(StandardCharsets.UTF_8));
    headers.add("dead-letter-topic", outcome.topic().getBytes(StandardCharsets.UTF_8));
    OutgoingKafkaRecordMetadata<String> metadata =
        OutgoingKafkaRecordMetadata.<String>builder()
            .withTopic(Topics.dlq(outcome.topic()))
            .withKey(outcome.incidentId())
            .withHeaders(headers)
            .build();
    deadLetters.sendMessageAndAwait(Message.of(outcome.record(), Metadata.of(metadata)));
  }
}
