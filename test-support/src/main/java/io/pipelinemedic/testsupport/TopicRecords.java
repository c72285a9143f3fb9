package io.pipelinemedic.testsupport;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Sends records to the real broker and reads what a topic holds, from the beginning to its current
 * end.
 */
public final class TopicRecords {

  private TopicRecords() {}

  /** Every record now on {@code topic}, in partition then offset order. */
  public static List<ConsumerRecord<String, byte[]>> all(String topic) {
    return all(KafkaBroker.bootstrapServers(), topic);
  }

  /** Every record now on {@code topic} of the broker at {@code bootstrapServers}. */
  public static List<ConsumerRecord<String, byte[]>> all(String bootstrapServers, String topic) {
    Map<String, Object> props =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
            ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic).stream()
              .map(info -> new TopicPartition(topic, info.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
      Instant deadline = Instant.now().plusSeconds(30);
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        if (Instant.now().isAfter(deadline)) {
          throw new IllegalStateException("could not read " + topic + " to its end in 30 s");
        }
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
      return records;
    }
  }

  /** The records now on {@code topic} that satisfy {@code filter}. */
  public static List<ConsumerRecord<String, byte[]>> matching(
      String topic, Predicate<ConsumerRecord<String, byte[]>> filter) {
    return all(topic).stream().filter(filter).toList();
  }

  /** Waits up to {@code timeout} for the first record with {@code key} on any of {@code topics}. */
  public static ConsumerRecord<String, byte[]> awaitKey(
      String key, Duration timeout, String... topics) throws InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      for (String topic : topics) {
        List<ConsumerRecord<String, byte[]>> found =
            matching(topic, record -> key.equals(record.key()));
        if (!found.isEmpty()) {
          return found.get(0);
        }
      }
      Thread.sleep(250);
    }
    throw new AssertionError(
        "no record with key " + key + " on " + String.join(", ", topics) + " within " + timeout);
  }

  /**
   * Sends one record (a null value is a tombstone) and waits for the broker's acknowledgement;
   * where it was written.
   */
  public static RecordMetadata send(String topic, String key, byte[] value) {
    return send(topic, key, value, Map.of());
  }

  /**
   * Sends one record with {@code headers} (UTF-8 values), as {@link #send(String, String, byte[])}.
   */
  public static RecordMetadata send(
      String topic, String key, byte[] value, Map<String, String> headers) {
    Map<String, Object> props =
        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.bootstrapServers());
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
      ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, value);
      headers.forEach(
          (name, text) -> record.headers().add(name, text.getBytes(StandardCharsets.UTF_8)));
      return producer.send(record).get();
    } catch (Exception e) {
      throw new IllegalStateException("cannot send to " + topic, e);
    }
  }

  /**
   * Waits up to {@code timeout} until consumer group {@code group} has committed past {@code sent}.
   */
  public static void awaitConsumed(String group, RecordMetadata sent, Duration timeout)
      throws InterruptedException, ExecutionException {
    TopicPartition partition = new TopicPartition(sent.topic(), sent.partition());
    Instant deadline = Instant.now().plus(timeout);
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.bootstrapServers()))) {
      while (Instant.now().isBefore(deadline)) {
        OffsetAndMetadata committed =
            admin
                .listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata()
                .get()
                .get(partition);
        if (committed != null && committed.offset() > sent.offset()) {
          return;
        }
        Thread.sleep(100);
      }
    }
    throw new AssertionError(group + " did not consume " + sent + " within " + timeout);
  }

  /** The value of a record's last header {@code name}, as text. */
  public static String header(ConsumerRecord<String, byte[]> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }
}
