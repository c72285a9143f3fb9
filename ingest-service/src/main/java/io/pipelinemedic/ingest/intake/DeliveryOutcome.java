package io.pipelinemedic.ingest.intake;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What ingest-service answers a reporter: the delivery was accepted (new run), a duplicate of an
 * accepted run, a failing job's pass or a closed pull request published, ignored with a reason, or
 * rejected with a reason.
 *
 * @param status {@code accepted}, {@code duplicate}, {@code passed}, {@code reviewed}, {@code
 *     ignored}, {@code rejected} (bad input) or {@code unavailable} (the run could not be recorded
 *     now; retry)
 * @param incidentId the run's incident, for accepted and duplicate deliveries
 * @param reason why it was ignored or rejected
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeliveryOutcome(String status, String incidentId, String reason) {

  public static DeliveryOutcome accepted(String incidentId) {
    return new DeliveryOutcome("accepted", incidentId, null);
  }

  public static DeliveryOutcome duplicate(String incidentId) {
    return new DeliveryOutcome("duplicate", incidentId, null);
  }

  /** A passing run of a failing job, published on {@code run.passed}. */
  public static DeliveryOutcome passed(String reason) {
    return new DeliveryOutcome("passed", null, reason);
  }

  /** A closed pull request, published on {@code fix.reviewed}. */
  public static DeliveryOutcome reviewed(String reason) {
    return new DeliveryOutcome("reviewed", null, reason);
  }

  /** Whether the delivery was taken in for the pipeline (202), not only acknowledged (200). */
  public boolean taken() {
    return incidentId != null || status.equals("passed") || status.equals("reviewed");
  }

  public static DeliveryOutcome ignored(String reason) {
    return new DeliveryOutcome("ignored", null, reason);
  }

  public static DeliveryOutcome rejected(String reason) {
    return new DeliveryOutcome("rejected", null, reason);
  }

  public static DeliveryOutcome unavailable(String reason) {
    return new DeliveryOutcome("unavailable", null, reason);
  }
}
