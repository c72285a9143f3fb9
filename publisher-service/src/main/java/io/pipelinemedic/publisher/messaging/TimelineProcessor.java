package io.pipelinemedic.publisher.messaging;

import io.pipelinemedic.publisher.record.IncidentRecord;
import io.pipelinemedic.schemas.Classified;
import io.pipelinemedic.schemas.ContextReady;
import io.pipelinemedic.schemas.FixProposed;
import io.pipelinemedic.schemas.PipelineEvent;
import io.pipelinemedic.schemas.Published;
import io.pipelinemedic.schemas.RunFailed;
import io.pipelinemedic.schemas.SourceReported;
import io.pipelinemedic.schemas.Topics;
import io.pipelinemedic.service.EventMessages;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Every pipeline topic onto the incident record, each event once. A record that is not its topic's
 * event is nacked and lands in that topic's dead-letter topic with the cause.
 */
@ApplicationScoped
public class TimelineProcessor {

  @Inject IncidentRecord incidents;

  @Incoming("run-failed")
  public Uni<Void> runFailed(byte[] record) {
    return record(Topics.RUN_FAILED, record, RunFailed.class);
  }

  @Incoming("context-ready")
  public Uni<Void> contextReady(byte[] record) {
    return record(Topics.CONTEXT_READY, record, ContextReady.class);
  }

  @Incoming("classified")
  public Uni<Void> classified(byte[] record) {
    return record(Topics.CLASSIFIED, record, Classified.class);
  }

  @Incoming("fix-proposed")
  public Uni<Void> fixProposed(byte[] record) {
    return record(Topics.FIX_PROPOSED, record, FixProposed.class);
  }

  @Incoming("source-reported")
  public Uni<Void> sourceReported(byte[] record) {
    return record(Topics.SOURCE_REPORTED, record, SourceReported.class);
  }

  @Incoming("published")
  public Uni<Void> published(byte[] record) {
    return record(Topics.PUBLISHED, record, Published.class);
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
