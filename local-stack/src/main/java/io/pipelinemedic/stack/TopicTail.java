package io.pipelinemedic.stack;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * {@code ./medic tail TOPIC [N]}: prints what a topic holds now, from the beginning, with headers.
 */
final class TopicTail {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private TopicTail() {}

  static int run(StackConfig config, String[] args, PrintStream out) {
    String topic = args[1];
    int max = args.length > 2 ? Integer.parseInt(args[2]) : Integer.MAX_VALUE;
    Map<String, Object> props =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            config.bootstrapServers(),
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
            "false");
    int printed = 0;
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic, TIMEOUT).stream()
              .map(info -> new TopicPartition(topic, info.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, TIMEOUT);
      Instant deadline = Instant.now().plus(TIMEOUT);
      while (printed < max
          && Instant.now().isBefore(deadline)
          && partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
          if (printed++ < max) {
            print(record, out);
          }
        }
      }
    }
    out.println("(" + Math.min(printed, max) + " record(s) shown from " + topic + ")");
    return 0;
  }

  private static void print(ConsumerRecord<String, String> record, PrintStream out) {
    out.println(
        "--- "
            + record.topic()
            + "-"
            + record.partition()
            + "@"
            + record.offset()
            + "  key="
            + record.key());
    for (Header header : record.headers()) {
      out.println("  " + header.key() + ": " + new String(header.value(), StandardCharsets.UTF_8));
    }
    out.println(record.value());
  }
}
