package io.pipelinemedic.kb.outbox;

import io.pipelinemedic.kb.config.KbSyncConfig;
import io.pipelinemedic.kb.store.KbStore;
import io.pipelinemedic.kb.store.OutboxRow;
import io.pipelinemedic.schemas.EventType;
import io.pipelinemedic.schemas.Topics;
import io.pipelinemedic.service.VertxAwait;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

/**
 * Publishes the outbox to {@code kb.entries} in the order the changes were stored: key = entry id,
 * value = the event (null for a tombstone), binary CloudEvent headers; a row is marked published
 * only after the broker acknowledged it (acks=all, idempotent producer). If the service stops
 * between the acknowledgement and the mark, the first round after the restart reads the topic and
 * marks the rows whose event is already the latest of its key, so no change is published twice.
 */
@ApplicationScoped
public class OutboxRelay {

  private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
  private static final String CE_TYPE = EventType.KB_ENTRY_PUBLISHED.ceType();

  @Inject KbStore store;
  @Inject KbSyncConfig config;

  @Inject
  @Identifier("default-kafka-broker")
  Map<String, Object> kafkaConfig;

  private KafkaProducer<String, byte[]> producer;
  private boolean reconciled;

  /** Publishes what is pending, on schedule (changes of a sync are published at its end too). */
  @Scheduled(
      every = "{medic.kb.outbox.interval}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void onSchedule() {
    try {
      publishPending();
    } catch (RuntimeException e) {
      LOG.warnf("publishing kb.entries failed, retried on the next round: %s", e.getMessage());
    }
  }

  /** Publishes every pending change; returns how many were published. Blocking. */
  public synchronized int publishPending() {
    if (!reconciled) {
      reconcile();
      reconciled = true;
    }
    int published = 0;
    while (true) {
      List<OutboxRow> rows = VertxAwait.await(() -> store.unpublished(config.outbox().batchSize()));
      if (rows.isEmpty()) {
        return published;
      }
      List<Future<RecordMetadata>> sends = new ArrayList<>();
      for (OutboxRow row : rows) {
        sends.add(producer().send(record(row)));
      }
      List<Long> ids = rows.stream().map(row -> row.id).toList();
      try {
        sends.forEach(OutboxRelay::acknowledged);
        VertxAwait.await(() -> store.markPublished(ids));
      } catch (RuntimeException e) {
        reconciled = false; // some of the batch may be on the topic unmarked: look before resending
        throw e;
      }
      published += rows.size();
      LOG.infof("published %d KB change(s) to kb.entries", rows.size());
    }
  }

  void stop(@Observes ShutdownEvent shutdown) {
    if (producer != null) {
      producer.close(Duration.ofSeconds(5));
    }
  }

  private ProducerRecord<String, byte[]> record(OutboxRow row) {
    byte[] value = row.payload == null ? null : row.payload.getBytes(StandardCharsets.UTF_8);
    ProducerRecord<String, byte[]> record =
        new ProducerRecord<>(Topics.KB_ENTRIES, row.entryId, value);
    header(record, "ce_specversion", "1.0");
    header(record, "ce_id", row.eventId.toString());
    header(record, "ce_type", CE_TYPE);
    header(record, "ce_source", "kb-sync-service");
    header(
        record,
        "ce_time",
        DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(row.createdAt.atOffset(ZoneOffset.UTC)));
    if (value != null) {
      header(record, "content-type", "application/json");
    }
    return record;
  }

  private static void header(ProducerRecord<String, byte[]> record, String name, String value) {
    record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
  }

  /** Marks the pending rows whose event is already the latest record of its key on the topic. */
  private void reconcile() {
    List<OutboxRow> pending = VertxAwait.await(() -> store.unpublished(Integer.MAX_VALUE));
    if (pending.isEmpty()) {
      return;
    }
    Map<String, String> latest = latestEventIds();
    List<Long> done =
        pending.stream()
            .filter(row -> row.eventId.toString().equals(latest.get(row.entryId)))
            .map(row -> row.id)
            .toList();
    if (!done.isEmpty()) {
      VertxAwait.await(() -> store.markPublished(done));
      LOG.infof("%d change(s) were on kb.entries before a restart; not sent again", done.size());
    }
  }

  /** Entry id → {@code ce_id} of its latest record on {@code kb.entries}. */
  private Map<String, String> latestEventIds() {
    Properties props = new Properties();
    props.putAll(kafkaConfig);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
    Map<String, String> latest = new HashMap<>();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(Topics.KB_ENTRIES, Duration.ofSeconds(30)).stream()
              .map((PartitionInfo info) -> new TopicPartition(info.topic(), info.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
          Header id = record.headers().lastHeader("ce_id");
          latest.put(
              record.key(), id == null ? "" : new String(id.value(), StandardCharsets.UTF_8));
        }
      }
    }
    return latest;
  }

  private KafkaProducer<String, byte[]> producer() {
    if (producer == null) {
      Properties props = new Properties();
      props.putAll(kafkaConfig);
      props.put(ProducerConfig.ACKS_CONFIG, "all");
      props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
      props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "30000");
      props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
      producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }
    return producer;
  }

  private static void acknowledged(Future<RecordMetadata> send) {
    try {
      send.get(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while publishing kb.entries", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("kb.entries did not acknowledge: " + e.getMessage(), e);
    }
  }
}
