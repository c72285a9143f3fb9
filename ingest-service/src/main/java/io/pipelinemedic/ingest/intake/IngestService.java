package io.pipelinemedic.ingest.intake;

import io.pipelinemedic.schemas.RunFailed;
import io.pipelinemedic.schemas.model.RunSource;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Accepts a failed run exactly once: the run is claimed and, if new, published in the same database
 * transaction; a failed publication rolls the claim back and answers 503, so that the reporter's
 * retry publishes it.
 */
@ApplicationScoped
public class IngestService {

  /** The envelope's producer and the CloudEvent source of what this service publishes. */
  public static final String PRODUCER = "ingest-service";

  private static final Logger LOG = Logger.getLogger(IngestService.class);

  @Inject SeenRunRepository seenRuns;
  @Inject RunFailedPublisher publisher;
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
                                ? eventFor.apply(claim.incidentId()).flatMap(publisher::publish)
                                : Uni.createFrom().voidItem()))
        .map(
            claim ->
                claim.isNew()
                    ? DeliveryOutcome.accepted(claim.incidentId())
                    : DeliveryOutcome.duplicate(claim.incidentId()))
        .onFailure(failure -> !(failure instanceof RejectedDelivery))
        .transform(
            failure ->
                new RejectedDelivery(
                    run.source(),
                    503,
                    "cannot record the run now, retry later: " + failure.getMessage()))
        .invoke(outcome -> metrics.count(run.source(), outcome))
        .invoke(outcome -> log(run, outcome));
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
    DeliveryOutcome outcome = DeliveryOutcome.ignored(reason);
    metrics.count(source, outcome);
    LOG.infof("ignored %s delivery: %s", source, reason);
    return Uni.createFrom().item(outcome);
  }
}
