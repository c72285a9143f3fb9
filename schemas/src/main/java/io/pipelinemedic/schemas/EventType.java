package io.pipelinemedic.schemas;

import java.util.Arrays;
import java.util.Optional;

/**
 * Each event's topic, CloudEvent type, Java record and JSON Schema file.
 *
 * <p>Events travel as CloudEvents in binary mode: {@code ce_specversion=1.0}, {@code ce_id} =
 * envelope eventId, {@code ce_type} from here, {@code ce_source} = producer, {@code ce_time} =
 * occurredAt.
 */
public enum EventType {
  RUN_FAILED(Topics.RUN_FAILED, RunFailed.class),
  CONTEXT_READY(Topics.CONTEXT_READY, ContextReady.class),
  CLASSIFIED(Topics.CLASSIFIED, Classified.class),
  FIX_PROPOSED(Topics.FIX_PROPOSED, FixProposed.class),
  SOURCE_REPORTED(Topics.SOURCE_REPORTED, SourceReported.class),
  PUBLISHED(Topics.PUBLISHED, Published.class),
  RUN_PASSED(Topics.RUN_PASSED, RunPassed.class),
  FIX_REVIEWED(Topics.FIX_REVIEWED, FixReviewed.class),
  KB_ENTRY_PUBLISHED(Topics.KB_ENTRIES, KbEntryPublished.class);

  /** Prefix of every {@code ce_type}; the topic name and {@code .v<schemaVersion>} follow. */
  public static final String CE_TYPE_PREFIX = "io.pipelinemedic.";

  private final String topic;
  private final Class<? extends PipelineEvent> recordType;

  EventType(String topic, Class<? extends PipelineEvent> recordType) {
    this.topic = topic;
    this.recordType = recordType;
  }

  /** The topic this event is published on. */
  public String topic() {
    return topic;
  }

  /** The Java record of this event. */
  public Class<? extends PipelineEvent> recordType() {
    return recordType;
  }

  /** The CloudEvent type, e.g. {@code io.pipelinemedic.run.failed.v1}. */
  public String ceType() {
    return CE_TYPE_PREFIX + topic + ".v" + Envelope.SCHEMA_VERSION;
  }

  /** Classpath resource of the event's JSON Schema, e.g. {@code schemas/run.failed.json}. */
  public String schemaResource() {
    return "schemas/" + topic + ".json";
  }

  /** The type of an event. */
  public static EventType of(PipelineEvent event) {
    return Arrays.stream(values())
        .filter(type -> type.recordType.isInstance(event))
        .findFirst()
        .orElseThrow();
  }

  /** Whether its events belong to an incident (their envelope names it, and it is their key). */
  public boolean ofAnIncident() {
    return Topics.PIPELINE.contains(topic);
  }

  /** The type whose record is {@code recordType}. */
  public static EventType of(Class<? extends PipelineEvent> recordType) {
    return Arrays.stream(values())
        .filter(type -> type.recordType.equals(recordType))
        .findFirst()
        .orElseThrow();
  }

  /** The event type carried on {@code topic}, if the topic is a pipeline topic. */
  public static Optional<EventType> forTopic(String topic) {
    return Arrays.stream(values()).filter(type -> type.topic.equals(topic)).findFirst();
  }
}
