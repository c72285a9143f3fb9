package io.pipelinemedic.publisher.messaging;

import io.pipelinemedic.publisher.record.IncidentRecord;
import io.pipelinemedic.schemas.Classified;
import io.pipelinemedic.schemas.ContextReady;
import io.pipelinemedic.schemas.PipelineEvent;
import io.pipelinemedic.schemas.RunFailed;
import io.pipelinemedic.schemas.Topics;
import io.pipelinemedic.service.EventMessages;
import io.smallrye.mutiny.Uni;
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
 * will come, and the incident is STOPPED with the cause on its timeline, where people look. A dead
 * letter that is not its topic's event names no incident: it is logged and stays on its topic. A
 * channel's delivery given up (it carries {@code dead-letter-channel}) stops nothing: it is on the
 * incident's publications already.
 */
@ApplicationScoped
public class DeadLettersConsumer {

  private static final Logger LOG = Logger.getLogger(DeadLettersConsumer.class);

  /** The stages whose dead letters stop an incident, with their events. */
  static final Map<String, Class<? extends PipelineEvent>> STAGES =
      Map.of(
          Topics.RUN_FAILED, RunFailed.class,
          Topics.CONTEXT_READY, ContextReady.class,
          Topics.CLASSIFIED, Classified.class);

  @Inject IncidentRecord incidents;

  @Incoming("dead-letters-in")
  public Uni<Void> deadLetter(ConsumerRecord<String, byte[]> record) {
    String topic =
        record.topic().endsWith(Topics.DLQ_SUFFIX)
            ? record.topic().substring(0, record.topic().length() - Topics.DLQ_SUFFIX.length())
            : record.topic();
    if (header(record, "dead-letter-channel") != null) {
      // a delivery this service gave up, already on the incident's publications
      return Uni.createFrom().voidItem();
    }
    Class<? extends PipelineEvent> type = STAGES.get(topic);
    PipelineEvent event;
    try {
      if (type == null || record.value() == null) {
        throw new IOException("not a dead-letter topic of " + STAGES.keySet());
      }
      event = EventMessages.decode(record.value(), type);
    } catch (IOException e) {
      LOG.warnf(
          "%s/%d@%d: a dead letter that names no incident (%s); it stays on the topic",
          record.topic(), record.partition(), record.offset(), e.getMessage());
      return Uni.createFrom().voidItem();
    }
    String reason = header(record, "dead-letter-reason");
    LOG.infof("%s: stopped at %s: %s", event.envelope().incidentId(), topic, reason);
    return incidents.stopped(topic, event, reason);
  }

  private static String header(ConsumerRecord<String, byte[]> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null || header.value() == null
        ? null
        : new String(header.value(), StandardCharsets.UTF_8);
  }
}
