package io.pipelinemedic.ingest.intake;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Locale;

/**
 * Counts deliveries by source and outcome: {@code medic_ingest_deliveries_total{source, outcome}}
 * with outcome accepted, duplicate, passed, reviewed, ignored, rejected or unavailable.
 */
@ApplicationScoped
public class DeliveryMetrics {

  @Inject MeterRegistry registry;

  /** Counts {@code outcome} of a delivery from {@code reporter} (a run source, or GITHUB). */
  public void count(String reporter, DeliveryOutcome outcome) {
    registry
        .counter(
            "medic.ingest.deliveries",
            "source",
            reporter.toLowerCase(Locale.ROOT),
            "outcome",
            outcome.status())
        .increment();
  }
}
