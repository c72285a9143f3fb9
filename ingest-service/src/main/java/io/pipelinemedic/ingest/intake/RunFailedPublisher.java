package io.pipelinemedic.ingest.intake;

import io.pipelinemedic.schemas.RunFailed;
import io.pipelinemedic.service.EventMessages;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Channel;

/**
 * Publishes {@code run.failed}; the returned {@link Uni} completes only when the broker has
 * acknowledged the record (acks=all).
 */
@ApplicationScoped
public class RunFailedPublisher {

  /** The outgoing channel, bound to the {@code run.failed} topic in application.properties. */
  public static final String CHANNEL = "run-failed";

  @Inject
  @Channel(CHANNEL)
  MutinyEmitter<RunFailed> emitter;

  public Uni<Void> publish(RunFailed event) {
    return emitter.sendMessage(EventMessages.of(event));
  }
}
