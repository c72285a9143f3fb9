package io.pipelinemedic.service;

import io.pipelinemedic.schemas.EventJson;
import io.pipelinemedic.schemas.EventType;
import io.pipelinemedic.schemas.PipelineEvent;
import io.pipelinemedic.schemas.Topics;
import io.pipelinemedic.schemas.model.RunRef;
import io.smallrye.reactive.messaging.ce.OutgoingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;

/**
 * Pipeline events as Kafka messages. Outgoing: keyed by incidentId, sent as binary-mode CloudEvents
 * whose {@code ce_id}, {@code ce_type}, {@code ce_source}, {@code ce_subject} and {@code ce_time}
 * come from the envelope. Incoming: decoded from raw bytes, with the reason a record is not the
 * event it should be.
 */
public final class EventMessages {

  private EventMessages() {}

  /** The metadata of {@code event}'s message: record key and CloudEvent attributes. */
  public static Metadata metadata(PipelineEvent event) {
    return metadata(event, Map.of());
  }

  /** The metadata of {@code event}'s message, with extra Kafka headers (e.g. for routing). */
  public static Metadata metadata(PipelineEvent event, Map<String, String> headers) {
    OutgoingCloudEventMetadata<Object> cloudEvent =
        OutgoingCloudEventMetadata.builder()
            .withId(event.envelope().eventId())
            .withType(EventType.of(event).ceType())
            .withSource(URI.create(event.envelope().producer()))
            .withSubject(event.envelope().incidentId())
            .withTimestamp(event.envelope().occurredAt().atZone(ZoneOffset.UTC))
            .build();
    RecordHeaders recordHeaders = new RecordHeaders();
    headers.forEach(
        (name, value) -> recordHeaders.add(name, value.getBytes(StandardCharsets.UTF_8)));
    OutgoingKafkaRecordMetadata<String> record =
        OutgoingKafkaRecordMetadata.<String>builder()
            .withKey(Topics.key(event))
            .withHeaders(recordHeaders)
            .build();
    return Metadata.of(record, cloudEvent);
  }

  /** A new message carrying {@code event}. */
  public static <T extends PipelineEvent> Message<T> of(T event) {
    return Message.of(event, metadata(event));
  }

  /**
   * Decodes a record of a topic as {@code type}, for readers of every topic.
   *
   * @throws IOException saying why the record is not such an event: not JSON of its shape, or
   *     without the envelope, event id or (an incident's event) incident id
   */
  public static <T extends PipelineEvent> T decode(byte[] record, Class<T> type)
      throws IOException {
    T event = read(record, type);
    EventType eventType = EventType.of(type);
    if (event.envelope() == null
        || event.envelope().eventId() == null
        || (eventType.ofAnIncident() && event.envelope().incidentId() == null)) {
      throw new IOException(
          "not a "
              + eventType.topic()
              + " event: no envelope, eventId"
              + (eventType.ofAnIncident() ? " or incidentId" : ""));
    }
    return event;
  }

  /**
   * Decodes a record of an incident's topic as {@code type}.
   *
   * @param run the event's run, which every incident event carries
   * @throws IOException saying why the record is not such an event: not JSON of its shape, or
   *     without the envelope, incident id or run
   */
  public static <T extends PipelineEvent> T decode(
      byte[] record, Class<T> type, Function<T, RunRef> run) throws IOException {
    String name = EventType.of(type).topic();
    T event = read(record, type);
    if (event.envelope() == null
        || event.envelope().incidentId() == null
        || run.apply(event) == null) {
      throw new IOException("not a " + name + " event: no envelope, incidentId or run");
    }
    return event;
  }

  private static <T extends PipelineEvent> T read(byte[] record, Class<T> type) throws IOException {
    try {
      return EventJson.read(record, type);
    } catch (IOException e) {
      throw new IOException("not a " + EventType.of(type).topic() + " event: " + e.getMessage(), e);
    }
  }
}
