package io.pipelinemedic.context.messaging;

import io.pipelinemedic.context.service.ContextBuilder;
import io.pipelinemedic.schemas.ContextReady;
import io.pipelinemedic.schemas.EventJson;
import io.pipelinemedic.schemas.RunFailed;
import io.pipelinemedic.service.EventMessages;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Outgoing;
import org.jboss.logging.Logger;

/**
 * {@code run.failed} in, {@code context.ready} out. Records arrive as raw bytes and are decoded
 * here, so that a record which is not a {@code run.failed} event, like one whose artifacts cannot
 * be fetched or read, is nacked and lands unchanged in {@code run.failed.dlq} with the cause in its
 * headers, while the service goes on. The input is acknowledged once the output is.
 */
@ApplicationScoped
public class RunFailedProcessor {

  private static final Logger LOG = Logger.getLogger(RunFailedProcessor.class);

  @Inject ContextBuilder builder;

  @Incoming("run-failed")
  @Outgoing("context-ready")
  @Blocking(value = "context-workers", ordered = false)
  public Message<ContextReady> process(Message<byte[]> record) throws Exception {
    RunFailed event;
    try {
      event = EventJson.read(record.getPayload(), RunFailed.class);
    } catch (IOException e) {
      throw new IOException("not a run.failed event: " + e.getMessage(), e);
    }
    if (event.envelope() == null || event.envelope().incidentId() == null || event.run() == null) {
      throw new IOException("not a run.failed event: no envelope, incidentId or run");
    }
    try {
      ContextReady ready = builder.build(event);
      LOG.infof(
          "%s: %s",
          event.envelope().incidentId(),
          ready.ignoredReason() != null
              ? "ignored, " + ready.ignoredReason()
              : ready.failures().size() + " failures, " + ready.skipped().size() + " skipped");
      return record.withPayload(ready).withMetadata(EventMessages.metadata(ready));
    } catch (IOException e) {
      LOG.errorf("%s: %s", event.envelope().incidentId(), e.getMessage());
      throw new IOException(event.envelope().incidentId() + ": " + e.getMessage(), e);
    }
  }
}
