package io.pipelinemedic.ingest.messaging;

import io.pipelinemedic.schemas.EventType;
import io.pipelinemedic.schemas.RunFailed;
import io.pipelinemedic.schemas.Topics;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.ce.OutgoingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.ZoneOffset;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Publishes {@code run.failed} as a binary-mode CloudEvent keyed by incidentId; the returned {@link
 * Uni} completes only when the broker has acknowledged the record (acks=all).
 */
@ApplicationScoped
public class RunFailedPublisher {

  /** The outgoing channel, bound to the {@code run.failed} topic in application.properties. */
  public static final String CHANNEL = "run-failed";

  @Inject
  @Channel(CHANNEL)
  MutinyEmitter<RunFailed> emitter;

  public Uni<Void> publish(RunFailed event) {
    OutgoingCloudEventMetadata<Object> cloudEvent =
        OutgoingCloudEventMetadata.builder()
            .withId(event.envelope().eventId())
            .withType(EventType.RUN_FAILED.ceType())
            .withSource(URI.create(event.envelope().producer()))
            .withSubject(event.envelope().incidentId())
            .withTimestamp(event.envelope().occurredAt().atZone(ZoneOffset.UTC))
            .build();
    OutgoingKafkaRecordMetadata<String> record =
        OutgoingKafkaRecordMetadata.<String>builder().withKey(Topics.key(event)).build();
    return emitter.sendMessage(Message.of(event).addMetadata(record).addMetadata(cloudEvent));
  }
}
