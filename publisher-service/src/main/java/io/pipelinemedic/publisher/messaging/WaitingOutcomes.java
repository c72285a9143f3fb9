package io.pipelinemedic.publisher.messaging;

import io.pipelinemedic.publisher.config.PublisherConfig;
import io.pipelinemedic.publisher.publication.Publications;
import io.pipelinemedic.publisher.record.IncidentRecord;
import io.pipelinemedic.publisher.record.TimelineRow;
import io.pipelinemedic.schemas.FixProposed;
import io.pipelinemedic.schemas.PipelineEvent;
import io.pipelinemedic.schemas.SourceReported;
import io.pipelinemedic.schemas.Topics;
import io.pipelinemedic.service.EventMessages;
import io.pipelinemedic.service.VertxAwait;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.jboss.logging.Logger;

/**
 * Fixes and reports still waiting for their incident's classification after {@code
 * delivery.classification-wait} (the classification was dead-lettered, or never sent): each is
 * given up once, its notice recorded FAILED with the reason on the incident's record and its record
 * put on its topic's dead-letter topic, where people look.
 */
@ApplicationScoped
public class WaitingOutcomes {

  private static final Logger LOG = Logger.getLogger(WaitingOutcomes.class);

  @Inject IncidentRecord incidents;

  @Inject Publications publications;

  @Inject PublisherConfig config;

  private final Clock clock = Clock.systemUTC();

  @Scheduled(
      every = "{medic.publisher.delivery.sweep}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void giveUpOnTheLongWaiting() throws InterruptedException {
    for (TimelineRow waiting :
        VertxAwait.await(
            () ->
                incidents.unclassifiedOutcomes(
                    clock.instant().minus(config.delivery().classificationWait())))) {
      byte[] record = waiting.event.getBytes(StandardCharsets.UTF_8);
      String reason =
          "no classification of incident "
              + waiting.incidentId
              + " was recorded within "
              + config.delivery().classificationWait();
      try {
        PipelineEvent event =
            Topics.FIX_PROPOSED.equals(waiting.topic)
                ? EventMessages.decode(record, FixProposed.class)
                : EventMessages.decode(record, SourceReported.class);
        publications.giveUp(record, event, reason);
      } catch (IOException e) {
        LOG.errorf(
            "%s: %s on the timeline is not readable: %s",
            waiting.incidentId, waiting.eventId, e.getMessage());
      }
    }
  }
}
