package io.pipelinemedic.publisher.record;

import io.pipelinemedic.publisher.publication.DeliveryStatus;
import io.pipelinemedic.schemas.FixReviewed;
import io.pipelinemedic.schemas.PipelineEvent;
import io.pipelinemedic.schemas.RunPassed;
import io.pipelinemedic.schemas.Topics;
import io.pipelinemedic.schemas.model.GitChange;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The incident's life beside the pipeline, on the record: a passing run of its job resolves every
 * open incident of the job received before the run ended; a fix's pull request merged makes its
 * incidents FIXED, closed unmerged DISMISSED; a service that gave up makes it FAILED, and a redrive
 * takes it back to where it was. Each event reaches each incident once (its timeline row is the
 * processed-event key), under the incident's lock.
 */
@ApplicationScoped
public class IncidentLifecycle {

  private final Clock clock = Clock.systemUTC();

  @Inject IncidentRecord record;

  /**
   * Resolves the job's open incidents received before ingest-service took the pass in (the same
   * clock; ingest-service already dropped a pass that ended before the failure); the ones this
   * event resolved. They are resolved at the passing run's end, as its reporter says.
   */
  public Uni<List<IncidentRow>> resolved(RunPassed event) {
    Instant passed =
        event.run().finishedAt() != null ? event.run().finishedAt() : event.envelope().occurredAt();
    List<String> named = event.incidents().isEmpty() ? List.of("") : event.incidents();
    return Panache.withTransaction(
        () ->
            Multi.createFrom()
                .iterable(event.incidents())
                .onItem()
                .transformToUniAndConcatenate(
                    id -> record.locked(id, event.envelope().occurredAt()))
                .collect()
                .last()
                .chain(
                    () ->
                        IncidentRow.<IncidentRow>find(
                                "(incidentId in ?5 or jobKey = ?1)"
                                    + " and (resolvedAt is null or resolvedByRun = ?4)"
                                    + " and receivedAt <= ?2 and status <> ?3 order by receivedAt",
                                event.run().jobKey(event.source()),
                                event.envelope().occurredAt(),
                                "IGNORED",
                                event.run().runId(),
                                named)
                            .withLock(LockModeType.PESSIMISTIC_WRITE)
                            .list())
                .flatMap(
                    incidents ->
                        apply(
                            Topics.RUN_PASSED,
                            event,
                            incidents,
                            incident -> {
                              incident.resolvedAt = passed;
                              incident.resolvedByRun = event.run().runId();
                              IncidentStages.move(incident, IncidentStages.RESOLVED);
                            })));
  }

  /**
   * Marks the incidents of a closed pull request FIXED (merged) or DISMISSED: those it was opened
   * or updated for, and the one whose fix branch it is (a pull request a person opened from it).
   */
  public Uni<List<IncidentRow>> reviewed(FixReviewed event) {
    Instant at = event.closedAt() != null ? event.closedAt() : event.envelope().occurredAt();
    return Panache.withTransaction(
        () ->
            IncidentRow.<IncidentRow>find(
                    "incidentId in (select p.incidentId from PublicationRow p where"
                        + " p.key.channel = 'github' and p.status = ?1 and p.link = ?2)"
                        + " or incidentId in ?3 order by receivedAt",
                    DeliveryStatus.DELIVERED,
                    event.url(),
                    branchIncidents(event.branch()))
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .list()
                .flatMap(
                    incidents ->
                        apply(
                            Topics.FIX_REVIEWED,
                            event,
                            incidents,
                            incident -> {
                              incident.reviewedBy = event.closedBy();
                              if (event.merged()) {
                                incident.fixedAt = at;
                                incident.fixCommit = event.mergeCommitSha();
                                IncidentStages.move(incident, IncidentStages.FIXED);
                              } else {
                                incident.dismissedAt = at;
                                IncidentStages.move(incident, IncidentStages.DISMISSED);
                              }
                            })));
  }

  /**
   * Records that {@code service} gave up on {@code event} of {@code topic} (it is on the topic's
   * dead-letter topic) for {@code reason}: the incident is {@link IncidentStages#FAILED}, and its
   * timeline says where and why. Once per event between redrives (the same event given up on again
   * after a redrive is a new failure); the failure's key.
   */
  public Uni<String> failed(String topic, String service, PipelineEvent event, String reason) {
    String incidentId = event.envelope().incidentId();
    return Panache.withTransaction(
        () ->
            record
                .locked(incidentId, event.envelope().occurredAt())
                .flatMap(
                    incident ->
                        TimelineRow.count("incidentId = ?1 and topic = ?2", incidentId, "redrive")
                            .flatMap(
                                redrives -> {
                                  String key =
                                      Topics.dlq(topic)
                                          + ":"
                                          + event.envelope().eventId()
                                          + (redrives == 0 ? "" : ":" + redrives);
                                  return TimelineRow.<TimelineRow>findById(key)
                                      .flatMap(
                                          seen ->
                                              seen != null
                                                  ? Uni.createFrom().item(key)
                                                  : failure(
                                                      incident, topic, service, event, reason,
                                                      key));
                                })));
  }

  private Uni<String> failure(
      IncidentRow incident,
      String topic,
      String service,
      PipelineEvent event,
      String reason,
      String key) {
    IncidentStages.move(incident, IncidentStages.FAILED);
    incident.updatedAt = clock.instant();
    TimelineRow row = record.timeline(Topics.dlq(topic), event);
    row.eventId = key;
    row.recordedAt = clock.instant();
    row.summary = TimelineSummary.failed(topic, service, reason);
    return row.persist().replaceWith(key);
  }

  /**
   * The incident ids a fix branch {@code medic/<incident>-<group>} may name: each prefix of what
   * follows {@code medic/} that ends before a dash (group ids have dashes too).
   */
  static List<String> branchIncidents(String branch) {
    List<String> ids = new ArrayList<>();
    if (branch != null && branch.startsWith(GitChange.BRANCH_PREFIX)) {
      String rest = branch.substring(GitChange.BRANCH_PREFIX.length());
      for (int dash = rest.indexOf('-'); dash > 0; dash = rest.indexOf('-', dash + 1)) {
        ids.add(rest.substring(0, dash));
      }
    }
    return ids.isEmpty() ? List.of("") : ids;
  }

  /** Whether the dead letter {@code deadLetter} (its topic, partition and offset) went back. */
  public Uni<Boolean> wasRedriven(String deadLetter) {
    return Panache.withSession(
        () ->
            Panache.getSession()
                .flatMap(
                    session ->
                        session
                            .createNativeQuery(
                                "select count(*) from publisher.redriven where dead_letter = ?1",
                                Long.class)
                            .setParameter(1, deadLetter)
                            .getSingleResult())
                .map(count -> count > 0));
  }

  /** Records that the dead letter {@code deadLetter} of {@code incidentId} went back. */
  public Uni<Void> markRedriven(String deadLetter, String incidentId) {
    return Panache.withTransaction(
            () ->
                Panache.getSession()
                    .flatMap(
                        session ->
                            session
                                .createNativeQuery(
                                    "insert into publisher.redriven (dead_letter, incident_id,"
                                        + " redriven_at) values (?1, ?2, ?3)"
                                        + " on conflict (dead_letter) do nothing")
                                .setParameter(1, deadLetter)
                                .setParameter(2, "null".equals(incidentId) ? null : incidentId)
                                .setParameter(3, clock.instant())
                                .executeUpdate()))
        .replaceWithVoid();
  }

  /**
   * Records that {@code count} dead letters of {@code dlq} went back for the incident at {@code
   * by}'s request: its publications given up are cleared with their outcome's notice (so they are
   * delivered this time), the timeline says so, and a FAILED incident goes on from the stage it had
   * reached.
   */
  public Uni<Void> redriven(String incidentId, String dlq, int count, String by) {
    return Panache.withTransaction(
        () ->
            IncidentRow.<IncidentRow>findById(incidentId, LockModeType.PESSIMISTIC_WRITE)
                .flatMap(
                    incident -> {
                      if (incident == null) {
                        return Uni.createFrom().voidItem();
                      }
                      IncidentStages.resume(incident);
                      incident.updatedAt = clock.instant();
                      TimelineRow row = new TimelineRow();
                      row.eventId = "redrive:" + dlq + ":" + UUID.randomUUID();
                      row.incidentId = incidentId;
                      row.topic = "redrive";
                      row.producer = "publisher-service";
                      row.occurredAt = clock.instant();
                      row.recordedAt = row.occurredAt;
                      row.summary =
                          "Redriven: "
                              + count
                              + (count == 1 ? " record" : " records")
                              + " from "
                              + dlq
                              + " back to its topic"
                              + (by == null ? "" : ", by " + by)
                              + ".";
                      row.event = "{}";
                      // a given-up delivery's outcome is published again: its notice goes too
                      return PublicationRow.delete(
                              "key.outcome in (select p.key.outcome from PublicationRow p"
                                  + " where p.incidentId = ?1 and p.status = ?2)"
                                  + " and (status = ?2 or key.channel = 'published')",
                              incidentId,
                              DeliveryStatus.FAILED)
                          .chain(() -> row.persist())
                          .replaceWithVoid();
                    }));
  }

  /**
   * Applies {@code change} to each incident {@code event} has not reached yet, with a timeline row
   * of its own per incident; every incident it has reached, now or before.
   */
  private Uni<List<IncidentRow>> apply(
      String topic,
      PipelineEvent event,
      List<IncidentRow> incidents,
      Consumer<IncidentRow> change) {
    List<IncidentRow> reached = new ArrayList<>();
    return Multi.createFrom()
        .iterable(incidents)
        .onItem()
        .transformToUniAndConcatenate(
            incident -> {
              String eventId = event.envelope().eventId() + ":" + incident.incidentId;
              reached.add(incident);
              return TimelineRow.<TimelineRow>findById(eventId)
                  .flatMap(
                      seen -> {
                        if (seen != null) {
                          return Uni.createFrom().voidItem();
                        }
                        change.accept(incident);
                        incident.updatedAt = clock.instant();
                        TimelineRow row = record.timeline(topic, event);
                        row.eventId = eventId;
                        row.incidentId = incident.incidentId;
                        return row.persist().replaceWithVoid();
                      });
            })
        .collect()
        .last()
        .replaceWith(reached);
  }
}
