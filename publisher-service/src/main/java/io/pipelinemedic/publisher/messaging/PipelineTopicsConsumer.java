package io.pipelinemedic.publisher.messaging;

import io.pipelinemedic.publisher.publication.Deliveries;
import io.pipelinemedic.publisher.publication.Publications;
import io.pipelinemedic.publisher.record.IncidentRecord;
import io.pipelinemedic.publisher.record.TimelineRow;
import io.pipelinemedic.schemas.Classified;
import io.pipelinemedic.schemas.ContextReady;
import io.pipelinemedic.schemas.FixProposed;
import io.pipelinemedic.schemas.PipelineEvent;
import io.pipelinemedic.schemas.Published;
import io.pipelinemedic.schemas.RunFailed;
import io.pipelinemedic.schemas.SourceReported;
import io.pipelinemedic.schemas.Topics;
import io.pipelinemedic.service.EventMessages;
import io.pipelinemedic.service.VertxAwait;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Every pipeline topic onto the incident record, each event once; the outcome topics ({@code
 * classified}, {@code fix.proposed}, {@code source.reported}) are then published, on worker
 * threads, one record at a time per topic. An outcome needs its incident's classification: one that
 * arrives first (the topics are read independently) is only recorded, and the classification's
 * arrival publishes it, so no thread waits ({@link WaitingOutcomes} gives up on one whose
 * classification never comes). A record that is not its topic's event is nacked and lands in that
 * topic's dead-letter topic with the cause.
 */
@ApplicationScoped
public class PipelineTopicsConsumer {

  private static final Logger LOG = Logger.getLogger(PipelineTopicsConsumer.class);

  @Inject IncidentRecord incidents;

  @Inject Publications publications;

  @Inject Deliveries deliveries;

  @Incoming("run-failed")
  public Uni<Void> runFailed(byte[] record) {
    return record(Topics.RUN_FAILED, record, RunFailed.class);
  }

  @Incoming("context-ready")
  public Uni<Void> contextReady(byte[] record) {
    return record(Topics.CONTEXT_READY, record, ContextReady.class);
  }

  @Incoming("classified")
  @Blocking
  public void classified(byte[] record) throws IOException, InterruptedException {
    Classified event = EventMessages.decode(record, Classified.class);
    IncidentRecord.Recorded recorded =
        VertxAwait.await(() -> incidents.record(Topics.CLASSIFIED, event));
    try {
      publications.classified(record, event);
    } finally {
      for (TimelineRow waiting : recorded.outcomes()) {
        publishWaiting(waiting, event);
      }
    }
  }

  /**
   * Publishes an outcome that was recorded before its classification; one that cannot be published
   * goes to its own topic's dead-letter topic, never the classification's.
   */
  private void publishWaiting(TimelineRow waiting, Classified classified)
      throws InterruptedException {
    byte[] outcome = waiting.event.getBytes(StandardCharsets.UTF_8);
    try {
      if (Topics.FIX_PROPOSED.equals(waiting.topic)) {
        publications.fixProposed(
            outcome, EventMessages.decode(outcome, FixProposed.class), classified);
      } else {
        publications.sourceReported(
            outcome, EventMessages.decode(outcome, SourceReported.class), classified);
      }
    } catch (InterruptedException e) {
      throw e;
    } catch (Exception e) {
      deliveries.deadLetter(
          waiting.topic, waiting.incidentId, outcome, null, "not publishable: " + e.getMessage());
    }
  }

  @Incoming("fix-proposed")
  @Blocking
  public void fixProposed(byte[] record) throws IOException, InterruptedException {
    FixProposed event = EventMessages.decode(record, FixProposed.class);
    IncidentRecord.Recorded recorded =
        VertxAwait.await(() -> incidents.record(Topics.FIX_PROPOSED, event));
    if (recorded.classification() == null) {
      waiting(event);
    } else {
      publications.fixProposed(record, event, recorded.classification());
    }
  }

  @Incoming("source-reported")
  @Blocking
  public void sourceReported(byte[] record) throws IOException, InterruptedException {
    SourceReported event = EventMessages.decode(record, SourceReported.class);
    IncidentRecord.Recorded recorded =
        VertxAwait.await(() -> incidents.record(Topics.SOURCE_REPORTED, event));
    if (recorded.classification() == null) {
      waiting(event);
    } else {
      publications.sourceReported(record, event, recorded.classification());
    }
  }

  @Incoming("published")
  public Uni<Void> published(byte[] record) {
    return record(Topics.PUBLISHED, record, Published.class);
  }

  private static void waiting(PipelineEvent event) {
    LOG.infof(
        "%s: %s recorded; published when its classification arrives",
        event.envelope().incidentId(), event.envelope().eventId());
  }

  private <T extends PipelineEvent> Uni<Void> record(String topic, byte[] record, Class<T> type) {
    T event;
    try {
      event = EventMessages.decode(record, type);
    } catch (IOException e) {
      return Uni.createFrom().failure(e);
    }
    return incidents.record(topic, event).replaceWithVoid();
  }
}
