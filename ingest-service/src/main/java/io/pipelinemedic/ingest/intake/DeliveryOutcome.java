package io.pipelinemedic.ingest.intake;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What ingest-service answers a reporter: the delivery was accepted (new run), a duplicate of an
 * accepted run, ignored with a reason, or rejected with a reason.
 *
 * @param status {@code accepted}, {@code duplicate}, {@code ignored}, {@code rejected} (bad input)
 *     or {@code unavailable} (the run could not be recorded now; retry)
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
