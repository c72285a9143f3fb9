package io.pipelinemedic.publisher.record;

import io.pipelinemedic.schemas.Classified;
import io.pipelinemedic.schemas.EventJson;
import io.pipelinemedic.schemas.FixProposed;
import io.pipelinemedic.schemas.PipelineEvent;
import io.pipelinemedic.schemas.Published;
import io.pipelinemedic.schemas.RunFailed;
import io.pipelinemedic.schemas.SourceReported;
import io.pipelinemedic.schemas.Topics;
import io.pipelinemedic.schemas.model.PublicationKind;
import io.pipelinemedic.schemas.model.RootCauseGroup;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The incident record in PostgreSQL: every pipeline event, once, on its incident's timeline, and
 * the incident's row moved to the furthest stage seen. The timeline row's event id is the
 * processed-event key and is written in the same transaction as the incident's change, so a
 * redelivered event changes nothing.
 */
@ApplicationScoped
public class IncidentRecord {

  private final Clock clock = Clock.systemUTC();

  /**
   * What recording an event found, under its incident's lock: an outcome and its classification
   * never miss each other, whichever arrives first.
   *
   * @param fresh whether the event was new (false for an event already on the timeline)
   * @param classification for an outcome event, the incident's classification, or {@code null} when
   *     it has not arrived yet (its arrival publishes the outcome)
   * @param outcomes for a classification, the outcome events recorded before it, as received
   */
  public record Recorded(boolean fresh, Classified classification, List<TimelineRow> outcomes) {}

  /** Records {@code event} from {@code topic}. */
  public Uni<Recorded> record(String topic, PipelineEvent event) {
    String incidentId = event.envelope().incidentId();
    return Panache.withTransaction(
        () ->
            locked(incidentId, event.envelope().occurredAt())
                .flatMap(
                    incident ->
                        TimelineRow.<TimelineRow>findById(event.envelope().eventId())
                            .flatMap(
                                seen -> {
                                  if (seen != null) {
                                    return Uni.createFrom().item(false);
                                  }
                                  update(incident, event);
                                  return timeline(topic, event).persist().replaceWith(true);
                                }))
                .flatMap(fresh -> found(incidentId, event, fresh)));
  }

  /**
   * The incident's row, created if need be and locked: the consumers of the topics write one
   * incident's row concurrently.
   */
  Uni<IncidentRow> locked(String incidentId, Instant occurredAt) {
    return Panache.getSession()
        .flatMap(
            session ->
                session
                    .createNativeQuery(
                        "insert into publisher.incident (incident_id, status, received_at,"
                            + " updated_at) values (?1, 'RECEIVED', ?2, ?3)"
                            + " on conflict (incident_id) do nothing")
                    .setParameter(1, incidentId)
                    .setParameter(2, occurredAt)
                    .setParameter(3, clock.instant())
                    .executeUpdate())
        .chain(() -> IncidentRow.<IncidentRow>findById(incidentId, LockModeType.PESSIMISTIC_WRITE));
  }

  private Uni<Recorded> found(String incidentId, PipelineEvent event, boolean fresh) {
    if (event instanceof Classified) {
      return TimelineRow.<TimelineRow>list(
              "incidentId = ?1 and topic in (?2, ?3) order by occurredAt, recordedAt",
              incidentId,
              Topics.FIX_PROPOSED,
              Topics.SOURCE_REPORTED)
          .map(outcomes -> new Recorded(fresh, null, outcomes));
    }
    if (event instanceof FixProposed || event instanceof SourceReported) {
      return TimelineRow.<TimelineRow>find(
              "incidentId = ?1 and topic = ?2 order by occurredAt desc",
              incidentId,
              Topics.CLASSIFIED)
          .firstResult()
          .map(row -> new Recorded(fresh, row == null ? null : classified(row), List.of()));
    }
    return Uni.createFrom().item(new Recorded(fresh, null, List.of()));
  }

  /** The incident's classification, or null before it arrives. */
  public Uni<Classified> classification(String incidentId) {
    return Panache.withSession(
        () ->
            TimelineRow.<TimelineRow>find(
                    "incidentId = ?1 and topic = ?2 order by occurredAt desc",
                    incidentId,
                    Topics.CLASSIFIED)
                .firstResult()
                .map(row -> row == null ? null : classified(row)));
  }

  /** The incident's fix attempts, in the order they happened. */
  public Uni<List<FixProposed>> fixes(String incidentId) {
    return Panache.withSession(
        () ->
            TimelineRow.<TimelineRow>list(
                    "incidentId = ?1 and topic = ?2 order by occurredAt",
                    incidentId,
                    Topics.FIX_PROPOSED)
                .map(rows -> rows.stream().map(row -> read(row, FixProposed.class)).toList()));
  }

  private static Classified classified(TimelineRow row) {
    return read(row, Classified.class);
  }

  private static <T extends PipelineEvent> T read(TimelineRow row, Class<T> type) {
    try {
      return EventJson.read(row.event.getBytes(StandardCharsets.UTF_8), type);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One incident, or null. */
  public Uni<IncidentRow> incident(String incidentId) {
    return Panache.withSession(() -> IncidentRow.<IncidentRow>findById(incidentId));
  }

  /** An incident's timeline in the order things happened. */
  public Uni<List<TimelineRow>> timeline(String incidentId) {
    return Panache.withSession(
        () ->
            TimelineRow.<TimelineRow>list(
                "incidentId = ?1 order by occurredAt, recordedAt", incidentId));
  }

  /** What reached people for the incident, per outcome and channel, in order. */
  public Uni<List<PublicationRow>> publications(String incidentId) {
    return Panache.withSession(
        () ->
            PublicationRow.<PublicationRow>list("incidentId = ?1 order by recordedAt", incidentId));
  }

  /**
   * The fixes and reports recorded before {@code recordedBefore} whose incident has no
   * classification on its timeline.
   */
  public Uni<List<TimelineRow>> unclassifiedOutcomes(Instant recordedBefore) {
    return Panache.withSession(
        () ->
            TimelineRow.<TimelineRow>list(
                "topic in (?1, ?2) and recordedAt < ?3 and incidentId not in"
                    + " (select c.incidentId from TimelineRow c where c.topic = ?4)"
                    + " order by recordedAt",
                Topics.FIX_PROPOSED,
                Topics.SOURCE_REPORTED,
                recordedBefore,
                Topics.CLASSIFIED));
  }

  /** Keeps the incident's Slack message (the parent of its thread). */
  public Uni<Void> slackMessage(String incidentId, String channel, String ts) {
    return Panache.withTransaction(
            () ->
                IncidentRow.update(
                    "slackChannel = ?1, slackTs = ?2 where incidentId = ?3",
                    channel,
                    ts,
                    incidentId))
        .replaceWithVoid();
  }

  private void update(IncidentRow incident, PipelineEvent event) {
    Instant at = event.envelope().occurredAt();
    if (event instanceof RunFailed run) {
      incident.receivedAt = at.isBefore(incident.receivedAt) ? at : incident.receivedAt;
      incident.jobName = run.run().jobName();
      incident.jobKey = run.run().jobKey(run.source());
      incident.runId = run.run().runId();
    } else if (event instanceof FixProposed fix && fix.cost() != null) {
      incident.costUsd += fix.cost().usd();
    } else if (event instanceof Classified classified && !classified.groups().isEmpty()) {
      incident.failureClass = common(classified.groups(), g -> g.failureClass().name());
      incident.action = common(classified.groups(), g -> g.action().name());
      RootCauseGroup first = classified.groups().get(0);
      incident.owner = first.owner() == null ? null : first.owner().name();
    } else if (event instanceof Published published
        && published.kind() != PublicationKind.PIPELINE_FAILED
        && published.kind() != PublicationKind.RESOLVED_NOTICE) {
      incident.publishedAt = incident.publishedAt == null ? at : incident.publishedAt;
    }
    IncidentStages.move(incident, IncidentStages.of(event));
    incident.updatedAt = clock.instant();
  }

  TimelineRow timeline(String topic, PipelineEvent event) {
    TimelineRow row = new TimelineRow();
    row.eventId = event.envelope().eventId();
    row.incidentId = event.envelope().incidentId();
    row.topic = topic;
    row.producer = event.envelope().producer();
    row.occurredAt = event.envelope().occurredAt();
    row.recordedAt = clock.instant();
    row.summary = TimelineSummary.of(event);
    row.event = new String(EventJson.write(event), StandardCharsets.UTF_8);
    return row;
  }

  /** The groups' common value, or MIXED. */
  private static String common(
      List<RootCauseGroup> groups, java.util.function.Function<RootCauseGroup, String> value) {
    Set<String> values = groups.stream().map(value).collect(Collectors.toSet());
    return values.size() == 1 ? values.iterator().next() : "MIXED";
  }
}
