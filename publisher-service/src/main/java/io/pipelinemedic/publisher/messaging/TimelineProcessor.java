package io.pipelinemedic.publisher.messaging;

import io.pipelinemedic.publisher.publication.Publications;
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
import io.pipelinemedic.service.VertxAwait;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Every pipeline topic onto the incident record, each event once; the outcome topics ({@code
 * classified}, {@code fix.proposed}, {@code source.reported}) are then published, on worker
 * threads, one record at a time per topic. A record that is not its topic's event is nacked and
 * lands in that topic's dead-letter topic with the cause.
 */
@ApplicationScoped
public class TimelineProcessor {

  @Inject IncidentRecord incidents;

  @Inject Publications publications;

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
    VertxAwait.await(() -> incidents.record(Topics.CLASSIFIED, event));
    publications.classified(record, event);
  }

  @Incoming("fix-proposed")
  @Blocking
  public void fixProposed(byte[] record) throws IOException, InterruptedException {
    FixProposed event = EventMessages.decode(record, FixProposed.class);
    VertxAwait.await(() -> incidents.record(Topics.FIX_PROPOSED, event));
    publications.fixProposed(record, event);
  }

  @Incoming("source-reported")
  @Blocking
  public void sourceReported(byte[] record) throws IOException, InterruptedException {
    SourceReported event = EventMessages.decode(record, SourceReported.class);
    VertxAwait.await(() -> incidents.record(Topics.SOURCE_REPORTED, event));
    publications.sourceReported(record, event);
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
