package io.pipelinemedic.publisher.redrive;

import io.pipelinemedic.publisher.record.IncidentLifecycle;
import io.pipelinemedic.schemas.EventType;
import io.pipelinemedic.schemas.PipelineEvent;
import io.pipelinemedic.schemas.Topics;
import io.pipelinemedic.service.EventMessages;
import io.pipelinemedic.service.VertxAwait;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

/**
 * Sends the dead letters of a topic back to it once their cause is fixed, each once: the records of
 * {@code <topic>.dlq} (of one incident, or all) that are that topic's events go back unchanged
 * (their {@code dead-letter-*} headers dropped), in order, an event dead-lettered twice going back
 * once; a record that is not the topic's event stays where it is. Each incident redriven has its
 * publications given up cleared (so that they are delivered this time), a timeline line, and goes
 * on from the stage it had reached.
 */
@ApplicationScoped
public class DeadLetterRedrive {

  private static final Logger LOG = Logger.getLogger(DeadLetterRedrive.class);
  private static final Duration READ_LIMIT = Duration.ofSeconds(30);

  /**
   * What a redrive did.
   *
   * @param topic the topic the records went back to
   * @param redriven the records sent back, as {@code partition@offset} by incident
   * @param skipped the records left, as {@code partition@offset} with why
   */
  public record Result(
      String topic, Map<String, List<String>> redriven, Map<String, String> skipped) {}

  @Inject
  @Identifier("default-kafka-broker")
  Map<String, Object> kafkaConfig;

  @Inject IncidentLifecycle lifecycle;

  /** Redrives {@code topic}'s dead letters, only {@code incidentId}'s when it is given. */
  public synchronized Result redrive(String topic, String incidentId, String by)
      throws IOException, InterruptedException {
    EventType type =
        EventType.forTopic(topic)
            .filter(t -> Topics.REDRIVABLE.contains(topic))
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "not a topic whose dead letters go back: "
                            + topic
                            + "; one of "
                            + Topics.REDRIVABLE));
    Map<String, List<String>> redriven = new LinkedHashMap<>();
    Map<String, String> skipped = new LinkedHashMap<>();
    Map<String, String> sent = new HashMap<>();
    Map<String, String> duplicates = new LinkedHashMap<>();
    List<ConsumerRecord<String, byte[]>> letters = read(Topics.dlq(topic));
    // what goes back, by incident, in order
    Map<String, List<ConsumerRecord<String, byte[]>>> going = new LinkedHashMap<>();
    for (ConsumerRecord<String, byte[]> letter : letters) {
      String at = letter.partition() + "@" + letter.offset();
      PipelineEvent event;
      try {
        event = EventMessages.decode(letter.value(), type.recordType());
      } catch (IOException | RuntimeException e) {
        skipped.put(at, "not a " + topic + " event");
        continue;
      }
      String incident = String.valueOf(event.envelope().incidentId());
      if (incidentId != null && !incidentId.equals(incident)) {
        continue;
      }
      if (VertxAwait.await(() -> lifecycle.wasRedriven(Topics.dlq(topic) + "/" + at))) {
        skipped.put(at, "redriven before");
        continue;
      }
      String first = sent.putIfAbsent(event.envelope().eventId(), at);
      if (first != null) {
        skipped.put(at, "the same event as " + first);
        duplicates.put(Topics.dlq(topic) + "/" + at, incident);
        continue;
      }
      going.computeIfAbsent(incident, i -> new ArrayList<>()).add(letter);
    }
    // each incident cleared and resumed before its records go back, so that they find it ready
    for (Map.Entry<String, List<ConsumerRecord<String, byte[]>>> incident : going.entrySet()) {
      if (!incident.getKey().equals("null")) {
        VertxAwait.await(
            () ->
                lifecycle.redriven(
                    incident.getKey(), Topics.dlq(topic), incident.getValue().size(), by));
      }
    }
    Properties props = new Properties();
    props.putAll(kafkaConfig);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
      for (Map.Entry<String, List<ConsumerRecord<String, byte[]>>> incident : going.entrySet()) {
        for (ConsumerRecord<String, byte[]> letter : incident.getValue()) {
          String at = letter.partition() + "@" + letter.offset();
          send(producer, topic, letter);
          VertxAwait.await(
              () -> lifecycle.markRedriven(Topics.dlq(topic) + "/" + at, incident.getKey()));
          redriven.computeIfAbsent(incident.getKey(), i -> new ArrayList<>()).add(at);
        }
      }
    }
    for (Map.Entry<String, String> duplicate : duplicates.entrySet()) {
      VertxAwait.await(() -> lifecycle.markRedriven(duplicate.getKey(), duplicate.getValue()));
    }
    LOG.infof("redrove %s: %s; skipped %s", topic, redriven, skipped);
    return new Result(topic, redriven, skipped);
  }

  private static void send(
      KafkaProducer<String, byte[]> producer, String topic, ConsumerRecord<String, byte[]> letter)
      throws IOException, InterruptedException {
    ProducerRecord<String, byte[]> record =
        new ProducerRecord<>(topic, null, letter.key(), letter.value());
    for (Header header : letter.headers()) {
      if (!header.key().startsWith("dead-letter-")) {
        record.headers().add(header);
      }
    }
    try {
      producer.send(record).get(30, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IOException("the broker did not take the record back on " + topic, e);
    }
  }

  /** Every record of {@code dlq} as it is now, in order per partition. */
  private List<ConsumerRecord<String, byte[]>> read(String dlq) throws IOException {
    Properties props = new Properties();
    props.putAll(kafkaConfig);
    props.remove(ConsumerConfig.GROUP_ID_CONFIG);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
    List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(dlq, READ_LIMIT).stream()
              .map(p -> new TopicPartition(dlq, p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, READ_LIMIT);
      long deadline = System.nanoTime() + READ_LIMIT.toNanos();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        if (System.nanoTime() > deadline) {
          throw new IOException("could not read " + dlq + " to its end in " + READ_LIMIT);
        }
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
    }
    return records;
  }
}
