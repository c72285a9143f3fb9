package io.pipelinemedic.publisher.messaging;

import io.pipelinemedic.publisher.publication.LifecyclePublications;
import io.pipelinemedic.publisher.record.IncidentLifecycle;
import io.pipelinemedic.publisher.record.TimelineSummary;
import io.pipelinemedic.schemas.Classified;
import io.pipelinemedic.schemas.ContextReady;
import io.pipelinemedic.schemas.PipelineEvent;
import io.pipelinemedic.schemas.RunFailed;
import io.pipelinemedic.schemas.Topics;
import io.pipelinemedic.service.EventMessages;
import io.pipelinemedic.service.VertxAwait;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * The dead letters of the stages before an outcome ({@code run.failed}, {@code context.ready},
 * {@code classified}) onto the incident record: a service gave up on the incident, so no outcome
 * will come until the record is redriven, and the incident is FAILED with the service and the cause
 * on its timeline, in Slack and on {@code published} ({@code PIPELINE_FAILED}), where people look.
 * A dead letter that is not its topic's event names no incident: it is logged and stays on its
 * topic. A channel's delivery given up (it carries {@code dead-letter-channel}) stops nothing: it
 * is on the incident's publications already.
 */
@ApplicationScoped
public class DeadLettersConsumer {

  private static final Logger LOG = Logger.getLogger(DeadLettersConsumer.class);

  /**
   * A stage whose dead letters stop an incident.
   *
   * @param event its topic's event
   * @param service the service that consumes it, which gave up
   */
  record Stage(Class<? extends PipelineEvent> event, String service) {}

  static final Map<String, Stage> STAGES =
      Map.of(
          Topics.RUN_FAILED, new Stage(RunFailed.class, "context-service"),
          Topics.CONTEXT_READY, new Stage(ContextReady.class, "classifier-service"),
          Topics.CLASSIFIED, new Stage(Classified.class, "agent-runner-service"));

  @Inject IncidentLifecycle lifecycle;

  @Inject LifecyclePublications publications;

  @Incoming("dead-letters-in")
  @Blocking
  public void deadLetter(ConsumerRecord<String, byte[]> record) throws InterruptedException {
    String topic =
        record.topic().endsWith(Topics.DLQ_SUFFIX)
            ? record.topic().substring(0, record.topic().length() - Topics.DLQ_SUFFIX.length())
            : record.topic();
    if (header(record, "dead-letter-channel") != null) {
      // a delivery this service gave up, already on the incident's publications
      return;
    }
    Stage stage = STAGES.get(topic);
    PipelineEvent event;
    try {
      if (stage == null || record.value() == null) {
        throw new IOException("not a dead-letter topic of " + STAGES.keySet());
      }
      event = EventMessages.decode(record.value(), stage.event());
    } catch (IOException e) {
      LOG.warnf(
          "%s/%d@%d: a dead letter that names no incident (%s); it stays on the topic",
          record.topic(), record.partition(), record.offset(), e.getMessage());
      return;
    }
    String reason = TimelineSummary.cause(header(record, "dead-letter-reason"));
    String incidentId = event.envelope().incidentId();
    LOG.infof("%s: failed at %s: %s", incidentId, topic, reason);
    String failure =
        VertxAwait.await(() -> lifecycle.failed(topic, stage.service(), event, reason));
    publications.failed(record.value(), topic, stage.service(), reason, incidentId, failure);
  }

  private static String header(ConsumerRecord<String, byte[]> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null || header.value() == null
        ? null
        : new String(header.value(), StandardCharsets.UTF_8);
  }
}
