package io.pipelinemedic.service;

import io.pipelinemedic.schemas.EventType;
import io.pipelinemedic.schemas.PipelineEvent;
import io.pipelinemedic.schemas.Topics;
import io.smallrye.reactive.messaging.ce.OutgoingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import java.net.URI;
import java.time.ZoneOffset;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;

/**
 * Outgoing pipeline events as Kafka messages: keyed by incidentId, sent as binary-mode CloudEvents
 * whose {@code ce_id}, {@code ce_type}, {@code ce_source}, {@code ce_subject} and {@code ce_time}
 * come from the envelope.
 */
public final class EventMessages {

  private EventMessages() {}

  /** The metadata of {@code event}'s message: record key and CloudEvent attributes. */
  public static Metadata metadata(PipelineEvent event) {
    OutgoingCloudEventMetadata<Object> cloudEvent =
        OutgoingCloudEventMetadata.builder()
            .withId(event.envelope().eventId())
            .withType(EventType.of(event).ceType())
            .withSource(URI.create(event.envelope().producer()))
            .withSubject(event.envelope().incidentId())
            .withTimestamp(event.envelope().occurredAt().atZone(ZoneOffset.UTC))
            .build();
    OutgoingKafkaRecordMetadata<String> record =
        OutgoingKafkaRecordMetadata.<String>builder().withKey(Topics.key(event)).build();
    return Metadata.of(record, cloudEvent);
  }

  /** A new message carrying {@code event}. */
  public static <T extends PipelineEvent> Message<T> of(T event) {
    return Message.of(event, metadata(event));
  }
}
