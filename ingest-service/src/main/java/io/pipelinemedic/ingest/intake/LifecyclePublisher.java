package io.pipelinemedic.ingest.intake;

import io.pipelinemedic.schemas.FixReviewed;
import io.pipelinemedic.schemas.RunPassed;
import io.pipelinemedic.service.EventMessages;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Channel;

/**
 * Publishes what happens after an incident's outcome, {@code run.passed} and {@code fix.reviewed};
 * each returned {@link Uni} completes only when the broker has acknowledged the record (acks=all).
 */
@ApplicationScoped
public class LifecyclePublisher {

  @Inject
  @Channel("run-passed")
  MutinyEmitter<RunPassed> passed;

  @Inject
  @Channel("fix-reviewed")
  MutinyEmitter<FixReviewed> reviewed;

  public Uni<Void> passed(RunPassed event) {
    return passed.sendMessage(EventMessages.of(event));
  }

  public Uni<Void> reviewed(FixReviewed event) {
    return reviewed.sendMessage(EventMessages.of(event));
  }
}
