package io.pipelinemedic.context.messaging;

import io.pipelinemedic.context.service.ContextBuilder;
import io.pipelinemedic.schemas.ContextReady;
import io.pipelinemedic.schemas.RunFailed;
import io.pipelinemedic.service.EventMessages;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * {@code run.failed} in, {@code context.ready} out. Records arrive as raw bytes and are decoded
 * here, so that a record which is not a {@code run.failed} event, like one whose artifacts cannot
 * be fetched or read, is nacked and lands unchanged in {@code run.failed.dlq} with the cause in its
 * headers, while the service goes on. A record is acknowledged once its output is.
 */
@ApplicationScoped
public class RunFailedConsumer {

  private static final Logger LOG = Logger.getLogger(RunFailedConsumer.class);

  @Inject ContextBuilder builder;

  @Inject
  @Channel("context-ready")
  MutinyEmitter<ContextReady> contextReady;

  @Incoming("run-failed")
  @Blocking(value = "context-workers", ordered = false)
  public void consume(byte[] record) throws IOException, InterruptedException {
    RunFailed event = EventMessages.decode(record, RunFailed.class, RunFailed::run);
    ContextReady ready;
    try {
      ready = builder.build(event);
    } catch (IOException e) {
      throw new IOException(event.envelope().incidentId() + ": " + e.getMessage(), e);
    }
    contextReady.sendMessageAndAwait(EventMessages.of(ready));
    LOG.infof(
        "%s: %s",
        event.envelope().incidentId(),
        ready.ignoredReason() != null
            ? "ignored, " + ready.ignoredReason()
            : ready.failures().size() + " failures, " + ready.skipped().size() + " skipped");
  }
}
