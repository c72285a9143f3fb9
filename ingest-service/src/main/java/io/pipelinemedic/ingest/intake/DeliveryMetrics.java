package io.pipelinemedic.ingest.intake;

import io.micrometer.core.instrument.MeterRegistry;
import io.pipelinemedic.schemas.model.RunSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Locale;

/**
 * Counts deliveries by source and outcome: {@code medic_ingest_deliveries_total{source, outcome}}
 * with outcome accepted, duplicate, ignored, rejected or unavailable.
 */
@ApplicationScoped
public class DeliveryMetrics {

  @Inject MeterRegistry registry;

  public void count(RunSource source, DeliveryOutcome outcome) {
    registry
        .counter(
            "medic.ingest.deliveries",
            "source",
            source.name().toLowerCase(Locale.ROOT),
            "outcome",
            outcome.status())
        .increment();
  }
}
