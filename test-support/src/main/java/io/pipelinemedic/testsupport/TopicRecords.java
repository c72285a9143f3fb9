package io.pipelinemedic.testsupport;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads what a topic holds on the real broker, from the beginning to its current end. */
public final class TopicRecords {

  private TopicRecords() {}

  /** Every record now on {@code topic}, in partition then offset order. */
  public static List<ConsumerRecord<String, byte[]>> all(String topic) {
    Map<String, Object> props =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.bootstrapServers(),
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
}
