package io.pipelinemedic.service.kb;

import io.pipelinemedic.schemas.EventJson;
import io.pipelinemedic.schemas.KbEntryPublished;
import io.pipelinemedic.schemas.Topics;
import io.pipelinemedic.schemas.model.KbEntry;
import io.quarkus.arc.properties.IfBuildProperty;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The knowledge base as this instance sees it: every entry of the compacted {@code kb.entries}
 * topic, read from the beginning at start (a group of its own, nothing committed) and kept current;
 * a tombstone removes its entry. Ready once it has caught up with the topic's end at start. Built
 * into the services that set {@code medic.kb-view.enabled=true}.
 */
@IfBuildProperty(name = "medic.kb-view.enabled", stringValue = "true")
@ApplicationScoped
public class KbView {

  private static final Logger LOG = Logger.getLogger(KbView.class);

  @Inject
  @Identifier("default-kafka-broker")
  Map<String, Object> kafkaConfig;

  @ConfigProperty(name = "quarkus.application.name")
  String application;

  private final Map<String, KbEntry> entries = new ConcurrentHashMap<>();
  private final CountDownLatch caughtUp = new CountDownLatch(1);
  private volatile KafkaConsumer<String, byte[]> consumer;
  private Thread reader;

  void start(@Observes StartupEvent startup) {
    Properties props = new Properties();
    props.putAll(kafkaConfig);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, application + "-kb-view-" + UUID.randomUUID());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
    consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    reader = new Thread(this::read, "kb-view");
    reader.setDaemon(true);
    reader.start();
  }

  void stop(@Observes ShutdownEvent shutdown) throws InterruptedException {
    consumer.wakeup();
    reader.join(5_000);
  }

  /** The current entries. */
  public Collection<KbEntry> entries() {
    return List.copyOf(entries.values());
  }

  /** The entry with {@code id}, if the KB has it now. */
  public Optional<KbEntry> entry(String id) {
    return Optional.ofNullable(entries.get(id));
  }

  /** Waits until the view has caught up with the topic as it was at start. */
  public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
    return caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Caught up once, and still reading. */
  public boolean isCurrent() {
    return caughtUp.getCount() == 0 && reader.isAlive();
  }

  private void read() {
    try (KafkaConsumer<String, byte[]> kafka = consumer) {
      kafka.subscribe(List.of(Topics.KB_ENTRIES));
      Map<TopicPartition, Long> end = null;
      while (true) {
        for (ConsumerRecord<String, byte[]> record : kafka.poll(Duration.ofMillis(500))) {
          apply(record);
        }
        if (caughtUp.getCount() > 0) {
          Set<TopicPartition> assigned = kafka.assignment();
          if (end == null && !assigned.isEmpty()) {
            end = kafka.endOffsets(assigned);
          }
          if (end != null
              && end.entrySet().stream()
                  .allMatch(
                      partition -> kafka.position(partition.getKey()) >= partition.getValue())) {
            LOG.infof("KB view caught up: %d entries", entries.size());
            caughtUp.countDown();
          }
        }
      }
    } catch (WakeupException e) {
      LOG.debug("KB view stopped");
    } catch (RuntimeException e) {
      LOG.error("the KB view stopped reading kb.entries", e);
    }
  }

  private void apply(ConsumerRecord<String, byte[]> record) {
    if (record.value() == null) {
      entries.remove(record.key());
      return;
    }
    try {
      KbEntry entry = EventJson.read(record.value(), KbEntryPublished.class).entry();
      entries.put(record.key(), entry);
    } catch (IOException | RuntimeException e) {
      LOG.errorf(
          "kb.entries partition %d offset %d (key %s) is not a KB entry, left out of the view: %s",
          record.partition(), record.offset(), record.key(), e.getMessage());
    }
  }
}
