package io.pipelinemedic.classifier.messaging;

import io.pipelinemedic.classifier.config.ClassifierConfig;
import io.pipelinemedic.classifier.decision.Classifier;
import io.pipelinemedic.classifier.warehouse.Warehouse;
import io.pipelinemedic.classifier.warehouse.WarehouseConnector;
import io.pipelinemedic.schemas.Classified;
import io.pipelinemedic.schemas.ContextReady;
import io.pipelinemedic.schemas.Envelope;
import io.pipelinemedic.schemas.model.ArtifactRef;
import io.pipelinemedic.service.EventMessages;
import io.pipelinemedic.service.kb.KbView;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Instant;
import java.util.stream.Collectors;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * {@code context.ready} in, {@code classified} out. A record that is not a {@code context.ready}
 * event is nacked and lands unchanged in {@code context.ready.dlq} with the cause in its headers;
 * an ignored incident (not a scheduled production run) ends here. When the warehouse cannot be
 * read, the incident is classified without diagnostics, and the evidence says why.
 */
@ApplicationScoped
public class ContextReadyConsumer {

  /** The producer named in every envelope. */
  public static final String PRODUCER = "classifier-service";

  private static final Logger LOG = Logger.getLogger(ContextReadyConsumer.class);

  @Inject KbView kb;
  @Inject WarehouseConnector warehouses;
  @Inject ClassifierConfig config;

  @Inject
  @Channel("classified")
  MutinyEmitter<Classified> classified;

  private Classifier classifier;

  @PostConstruct
  void init() {
    classifier = new Classifier(kb::entry, config.transientAction());
  }

  @Incoming("context-ready")
  @Blocking(value = "classifier-workers", ordered = false)
  public void consume(byte[] record) throws IOException, InterruptedException {
    ContextReady ready = EventMessages.decode(record, ContextReady.class, ContextReady::run);
    String incident = ready.envelope().incidentId();
    if (ready.ignoredReason() != null) {
      LOG.infof(
          "%s: not classified, the incident was ignored: %s", incident, ready.ignoredReason());
      return;
    }
    if (!kb.awaitCaughtUp(config.kbCatchUpTimeout())) {
      throw new IOException(
          incident
              + ": the KB view has not caught up with kb.entries within "
              + config.kbCatchUpTimeout());
    }
    Classifier.Classification classification;
    try (Warehouse warehouse = warehouses.open().orElse(null)) {
      classification = classifier.classify(ready.failures(), ready.lineage(), warehouse);
    } catch (SQLException e) {
      LOG.warnf("%s: classified without diagnostics, they failed: %s", incident, e.getMessage());
      classification =
          classifier.classify(
              ready.failures(), ready.lineage(), "Diagnostics failed: " + e.getMessage() + ".");
    }
    Classified event =
        new Classified(
            Envelope.create(incident, PRODUCER, Instant.now()),
            ready.run(),
            ready.failures(),
            ready.lineage(),
            classification.groups(),
            state(ready),
            ready.artifacts().stream()
                .filter(artifact -> "run_results.json".equals(artifact.name()))
                .toList());
    classified.sendMessageAndAwait(EventMessages.of(event));
    LOG.infof(
        "%s: %s; %d diagnostic queries in %d ms",
        incident,
        classification.groups().stream()
            .map(g -> g.rootCauseNode() + " " + g.failureClass() + "/" + g.action())
            .collect(Collectors.joining(", ")),
        classification.queries(),
        classification.queryMillis());
  }

  /** The run's {@code manifest.json} among its stored artifacts (the last one, per step). */
  private static ArtifactRef state(ContextReady ready) {
    ArtifactRef manifest = null;
    for (ArtifactRef artifact : ready.artifacts()) {
      if ("manifest.json".equals(artifact.name())) {
        manifest = artifact;
      }
    }
    return manifest;
  }
}
