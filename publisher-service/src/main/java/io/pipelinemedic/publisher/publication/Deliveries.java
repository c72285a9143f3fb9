package io.pipelinemedic.publisher.publication;

import io.pipelinemedic.publisher.config.PublisherConfig;
import io.pipelinemedic.publisher.record.PublicationRow;
import io.pipelinemedic.schemas.Topics;
import io.pipelinemedic.service.VertxAwait;
import io.pipelinemedic.service.retry.Retries;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.jboss.logging.Logger;

/**
 * Each outcome event delivered once per channel. A channel's delivery is attempted with {@link
 * Retries} (the backoff, or the channel's own Retry-After, between attempts) until it succeeds, is
 * refused, or runs out of attempts; then it is recorded with its receipt. A delivery given up is
 * recorded FAILED and the outcome's record goes to its topic's dead-letter topic with the channel
 * and the cause, while the other channels go on. A redelivered outcome finds its recorded
 * deliveries and repeats none.
 */
@Singleton
public class Deliveries {

  private static final Logger LOG = Logger.getLogger(Deliveries.class);

  /** The longest wait between attempts, a channel's Retry-After included. */
  private static final Duration MAX_BACKOFF = Duration.ofMinutes(5);

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
  private final Set<PublicationRow.Key> inFlight = ConcurrentHashMap.newKeySet();

  @Inject PublisherConfig config;

  @Inject
  @Channel("dead-letters")
  MutinyEmitter<byte[]> deadLetters;

  /**
   * The delivery of {@code outcome} on {@code channel}: the recorded one, or a new attempt. Two
   * consumers may hold the same outcome at once (a redelivered fix and its classification's
   * arrival): one delivers, the other waits and finds its record.
   */
  public <R> Delivery<R> deliver(
      Outcome outcome, OutcomeChannel<R> channel, Retries.Attempt<R> attempt)
      throws InterruptedException {
    PublicationRow.Key key = new PublicationRow.Key(outcome.key(), channel.name());
    while (!inFlight.add(key)) {
      Thread.sleep(50);
    }
    try {
      PublicationRow done = recorded(key);
      return done != null ? delivery(channel, done) : attempt(outcome, channel, attempt);
    } finally {
      inFlight.remove(key);
    }
  }

  /** Whether {@code outcome}'s delivery on {@code channel} is recorded, delivered or given up. */
  public boolean recorded(Outcome outcome, OutcomeChannel<?> channel) {
    return recorded(new PublicationRow.Key(outcome.key(), channel.name())) != null;
  }

  /**
   * Gives {@code outcome} up on {@code channel} without an attempt, unless its delivery is
   * recorded: recorded FAILED with {@code reason}, and its record dead-lettered.
   */
  public <R> void giveUp(Outcome outcome, OutcomeChannel<R> channel, String reason)
      throws InterruptedException {
    deliver(
        outcome,
        channel,
        () -> {
          throw new IOException(reason);
        });
  }

  private <R> Delivery<R> attempt(
      Outcome outcome, OutcomeChannel<R> channel, Retries.Attempt<R> attempt)
      throws InterruptedException {
    Retries.Policy policy =
        new Retries.Policy(
            config.delivery().attempts(), config.delivery().backoff(), MAX_BACKOFF, MAX_BACKOFF);
    try {
      R receipt = Retries.call(policy, outcome.incidentId() + " " + channel.name(), attempt::call);
      return delivery(
          channel,
          record(
              outcome,
              channel.name(),
              DeliveryStatus.DELIVERED,
              channel.link(receipt),
              channel.detail(receipt)));
    } catch (InterruptedIOException e) {
      throw new InterruptedException(e.getMessage());
    } catch (IOException e) {
      String cause = channel.name() + ": " + e.getMessage();
      LOG.errorf(
          "%s: %s delivery given up, dead-lettered: %s",
          outcome.incidentId(), channel.name(), cause);
      deadLetter(outcome.topic(), outcome.incidentId(), outcome.record(), channel.name(), cause);
      return delivery(channel, record(outcome, channel.name(), DeliveryStatus.FAILED, null, cause));
    }
  }

  /** The latest receipt of {@code channel} for {@code rootCause}, in any incident. */
  public <R> Optional<R> latest(OutcomeChannel<R> channel, String rootCause) {
    PublicationRow row =
        VertxAwait.await(
            () ->
                Panache.withSession(
                    () ->
                        PublicationRow.<PublicationRow>find(
                                "rootCause = ?1 and key.channel = ?2 and status = ?3"
                                    + " order by recordedAt desc",
                                rootCause,
                                channel.name(),
                                DeliveryStatus.DELIVERED)
                            .firstResult()));
    return Optional.ofNullable(row).map(r -> channel.receipt(r.link, r.detail));
  }

  /** An incident's receipts of {@code channel} by group, oldest first. */
  public <R> Map<String, R> byGroup(String incidentId, OutcomeChannel<R> channel) {
    Map<String, R> receipts = new LinkedHashMap<>();
    for (PublicationRow row :
        VertxAwait.await(
            () ->
                Panache.withSession(
                    () ->
                        PublicationRow.<PublicationRow>list(
                            "incidentId = ?1 and key.channel = ?2 and status = ?3"
                                + " order by recordedAt",
                            incidentId,
                            channel.name(),
                            DeliveryStatus.DELIVERED)))) {
      if (row.groupId != null) {
        receipts.put(row.groupId, channel.receipt(row.link, row.detail));
      }
    }
    return receipts;
  }

  private static <R> Delivery<R> delivery(OutcomeChannel<R> channel, PublicationRow row) {
    return row.status == DeliveryStatus.DELIVERED
        ? new Delivery<>(row.status, channel.receipt(row.link, row.detail), null)
        : new Delivery<>(row.status, null, row.detail);
  }

  private static PublicationRow recorded(PublicationRow.Key key) {
    return VertxAwait.await(
        () -> Panache.withSession(() -> PublicationRow.<PublicationRow>findById(key)));
  }

  /**
   * Records a delivery; when another replica recorded the same one meanwhile (its key taken), its
   * record stands.
   */
  private PublicationRow record(
      Outcome outcome, String channel, DeliveryStatus status, String link, String detail) {
    PublicationRow row = new PublicationRow();
    row.key = new PublicationRow.Key(outcome.key(), channel);
    row.incidentId = outcome.incidentId();
    row.groupId = outcome.groupId();
    row.rootCause = outcome.rootCause();
    row.status = status;
    row.link = link;
    row.detail = detail;
    row.recordedAt = clock.instant();
    try {
      return VertxAwait.await(() -> Panache.withTransaction(() -> row.persist()).replaceWith(row));
    } catch (RuntimeException e) {
      PublicationRow other = recorded(row.key);
      if (other == null) {
        throw e;
      }
      return other;
    }
  }

  /**
   * Puts {@code record} of {@code topic} on its dead-letter topic with the cause, and the channel
   * that gave it up when there is one.
   */
  public void deadLetter(String topic, String key, byte[] record, String channel, String cause) {
    RecordHeaders headers = new RecordHeaders();
    headers.add("dead-letter-reason", cause.getBytes(StandardCharsets.UTF_8));
    if (channel != null) {
      headers.add("dead-letter-channel", channel.getBytes(StandardCharsets.UTF_8));
    }
    headers.add("dead-letter-topic", topic.getBytes(StandardCharsets.UTF_8));
    OutgoingKafkaRecordMetadata<String> metadata =
        OutgoingKafkaRecordMetadata.<String>builder()
            .withTopic(Topics.dlq(topic))
            .withKey(key)
            .withHeaders(headers)
            .build();
    deadLetters.sendMessageAndAwait(Message.of(record, Metadata.of(metadata)));
  }
}
