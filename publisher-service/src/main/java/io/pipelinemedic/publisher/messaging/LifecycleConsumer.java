package io.pipelinemedic.publisher.messaging;

import io.pipelinemedic.publisher.publication.LifecyclePublications;
import io.pipelinemedic.publisher.record.IncidentLifecycle;
import io.pipelinemedic.publisher.record.IncidentRow;
import io.pipelinemedic.schemas.FixReviewed;
import io.pipelinemedic.schemas.RunPassed;
import io.pipelinemedic.service.EventMessages;
import io.pipelinemedic.service.VertxAwait;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * {@code run.passed} and {@code fix.reviewed} onto the incidents they end: recorded first (each
 * incident once), then said where people look, on worker threads; a redelivered event says again
 * only what was not delivered (the deliveries are recorded). A record that is not its topic's event
 * is nacked and lands in that topic's dead-letter topic with the cause.
 */
@ApplicationScoped
public class LifecycleConsumer {

  private static final Logger LOG = Logger.getLogger(LifecycleConsumer.class);

  @Inject IncidentLifecycle lifecycle;

  @Inject LifecyclePublications publications;

  @Incoming("run-passed")
  @Blocking
  public void runPassed(byte[] record) throws IOException, InterruptedException {
    RunPassed event = EventMessages.decode(record, RunPassed.class);
    List<IncidentRow> resolved = VertxAwait.await(() -> lifecycle.resolved(event));
    for (IncidentRow incident : resolved) {
      LOG.infof("%s: resolved by run %s", incident.incidentId, event.run().runId());
      publications.resolved(record, event, incident);
    }
  }

  @Incoming("fix-reviewed")
  @Blocking
  public void fixReviewed(byte[] record) throws IOException, InterruptedException {
    FixReviewed event = EventMessages.decode(record, FixReviewed.class);
    List<IncidentRow> reviewed = VertxAwait.await(() -> lifecycle.reviewed(event));
    for (IncidentRow incident : reviewed) {
      LOG.infof("%s: %s %s", incident.incidentId, incident.status, event.url());
      publications.reviewed(record, event, incident);
    }
  }
}
