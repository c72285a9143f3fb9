package io.pipelinemedic.schemas;

import java.time.Instant;
import java.util.UUID;

/**
 * The header every event carries.
 *
 * @param eventId unique id of this event (a UUID); also the CloudEvent {@code ce_id}
 * @param incidentId the incident the event belongs to; absent on {@code kb.entries}, {@code
 *     run.passed} and {@code fix.reviewed}
 * @param occurredAt when the producer created the event
 * @param schemaVersion version of the event's JSON Schema
 * @param producer the service that produced the event, e.g. {@code ingest-service}
 */
public record Envelope(
    String eventId, String incidentId, Instant occurredAt, int schemaVersion, String producer) {

  /** Current version of every event schema. */
  public static final int SCHEMA_VERSION = 1;

  /** A new envelope with a random event id. */
  public static Envelope create(String incidentId, String producer, Instant now) {
    return new Envelope(UUID.randomUUID().toString(), incidentId, now, SCHEMA_VERSION, producer);
  }
}
