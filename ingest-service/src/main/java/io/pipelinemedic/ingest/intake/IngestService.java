package io.pipelinemedic.ingest.intake;

import io.pipelinemedic.schemas.Envelope;
import io.pipelinemedic.schemas.FixReviewed;
import io.pipelinemedic.schemas.RunFailed;
import io.pipelinemedic.schemas.RunPassed;
import io.pipelinemedic.schemas.model.RunRef;
import io.pipelinemedic.schemas.model.RunSource;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Accepts a failed run exactly once: the run is claimed and, if new, its job marked failing and the
 * run published in the same database transaction; a failed publication rolls the claim back and
 * answers 503, so that the reporter's retry publishes it. A passing run of a failing job clears the
 * mark and is published the same way, once; a closed pull request is published as it comes.
 */
@ApplicationScoped
public class IngestService {

  /** The envelope's producer and the CloudEvent source of what this service publishes. */
  public static final String PRODUCER = "ingest-service";

  private static final Logger LOG = Logger.getLogger(IngestService.class);

  @Inject SeenRunRepository seenRuns;
  @Inject FailingJobs failingJobs;
  @Inject RunFailedPublisher publisher;
  @Inject LifecyclePublisher lifecycle;
  @Inject DeliveryMetrics metrics;

  /**
   * Claims {@code run} and, when it is new, publishes the event built for its incident.
   *
   * @param deliveryId the reporter's delivery id, when it has one
   * @param eventFor builds the event from the incident id; runs only for a new run
   */
  public Uni<DeliveryOutcome> accept(
      RunIdentity run, String deliveryId, Function<String, Uni<RunFailed>> eventFor) {
    return Panache.withTransaction(
            () ->
                seenRuns
                    .claim(run, deliveryId)
                    .call(
                        claim ->
                            claim.isNew()
                                ? eventFor
                                    .apply(claim.incidentId())
                                    .call(event -> failing(event, run))
                                    .flatMap(publisher::publish)
                                : Uni.createFrom().voidItem()))
        .map(
            claim ->
                claim.isNew()
                    ? DeliveryOutcome.accepted(claim.incidentId())
                    : DeliveryOutcome.duplicate(claim.incidentId()))
        .onFailure(failure -> !(failure instanceof RejectedDelivery))
        .transform(failure -> unavailable(run.source().name(), failure))
        .invoke(outcome -> metrics.count(run.source().name(), outcome))
        .invoke(outcome -> log(run, outcome));
  }

  private Uni<Void> failing(RunFailed event, RunIdentity run) {
    return failingJobs.failed(
        event.run().jobKey(event.source()),
        run.key(),
        end(event.run()),
        event.envelope().incidentId());
  }

  /**
   * Publishes {@code event} when its job has a failed run accepted before it and no pass since;
   * ignores it otherwise (a healthy job's run, or a pass already published).
   */
  public Uni<DeliveryOutcome> passed(RunPassed event) {
    String job = event.run().jobKey(event.source());
    return Panache.withTransaction(
            () ->
                failingJobs
                    .passed(job, end(event.run()))
                    .call(
                        incidents ->
                            incidents.isPresent()
                                ? lifecycle.passed(naming(event, incidents.get()))
                                : Uni.createFrom().voidItem()))
        .map(
            incidents ->
                incidents.isPresent()
                    ? DeliveryOutcome.passed(
                        "run " + event.run().runId() + " passed: the job's incidents are resolved")
                    : DeliveryOutcome.ignored(
                        "run "
                            + event.run().runId()
                            + " passed; its job has no failed run since it last passed"))
        .onFailure(failure -> !(failure instanceof RejectedDelivery))
        .transform(failure -> unavailable(event.source().name(), failure))
        .invoke(outcome -> metrics.count(event.source().name(), outcome))
        .invoke(outcome -> LOG.infof("%s: %s", job, outcome.reason()));
  }

  /** {@code event} naming the incidents it ends. */
  private static RunPassed naming(RunPassed event, List<String> incidents) {
    return new RunPassed(
        event.envelope(), event.source(), event.eventType(), event.run(), incidents);
  }

  /** Publishes a closed pull request. */
  public Uni<DeliveryOutcome> reviewed(String reporter, FixReviewed event) {
    return lifecycle
        .reviewed(event)
        .map(
            nothing ->
                DeliveryOutcome.reviewed(
                    event.url() + (event.merged() ? " merged" : " closed unmerged")))
        .onFailure(failure -> !(failure instanceof RejectedDelivery))
        .transform(failure -> unavailable(reporter, failure))
        .invoke(outcome -> metrics.count(reporter, outcome))
        .invoke(outcome -> LOG.infof("%s", outcome.reason()));
  }

  /**
   * The envelope of a job's or a pull request's event (no incident) that {@code delivery} (the
   * reporter's own id of it) says: its event id is derived from it, so the same delivery twice is
   * the same event, which the incident record keeps once.
   */
  public static Envelope envelope(String delivery) {
    return new Envelope(
        UUID.nameUUIDFromBytes(delivery.getBytes(StandardCharsets.UTF_8)).toString(),
        null,
        Instant.now(),
        Envelope.SCHEMA_VERSION,
        PRODUCER);
  }

  private static RejectedDelivery unavailable(String reporter, Throwable failure) {
    return new RejectedDelivery(
        reporter, 503, "cannot record the run now, retry later: " + failure.getMessage());
  }

  /** When the run ended, as its reporter says, or now. */
  private static Instant end(RunRef run) {
    return run.finishedAt() != null ? run.finishedAt() : Instant.now();
  }

  private static void log(RunIdentity run, DeliveryOutcome outcome) {
    // one line per incident; duplicates (retries, the errored/completed pair) only when debugging
    if (outcome.status().equals("accepted")) {
      LOG.infof("accepted %s as %s", run.key(), outcome.incidentId());
    } else {
      LOG.debugf("duplicate of %s (%s)", run.key(), outcome.incidentId());
    }
  }

  /** Acknowledges a delivery that is not a failed run to act on, with the reason. */
  public Uni<DeliveryOutcome> ignore(RunSource source, String reason) {
    return ignore(source.name(), reason);
  }

  /** Acknowledges a delivery of {@code reporter} that asks for nothing, with the reason. */
  public Uni<DeliveryOutcome> ignore(String reporter, String reason) {
    DeliveryOutcome outcome = DeliveryOutcome.ignored(reason);
    metrics.count(reporter, outcome);
    LOG.infof("ignored %s delivery: %s", reporter, reason);
    return Uni.createFrom().item(outcome);
  }
}
