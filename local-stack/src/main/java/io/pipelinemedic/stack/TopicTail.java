package io.pipelinemedic.stack;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;

/** {@code ./medic tail TOPIC [N]}: prints a topic's records from the beginning, with headers. */
final class TopicTail {

  private static final Duration IDLE = Duration.ofSeconds(3);

  private TopicTail() {}

  static int run(StackConfig config, String[] args, PrintStream out) {
    String topic = args[1];
    int max = args.length > 2 ? Integer.parseInt(args[2]) : Integer.MAX_VALUE;
    Map<String, Object> props =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            config.bootstrapServers(),
            ConsumerConfig.GROUP_ID_CONFIG,
            "medic-tail-" + UUID.randomUUID(),
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
            "earliest",
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
            "false");
    int printed = 0;
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of(topic));
      Instant idleSince = Instant.now();
      while (printed < max && Duration.between(idleSince, Instant.now()).compareTo(IDLE) < 0) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
          print(record, out);
          idleSince = Instant.now();
          if (++printed >= max) {
            break;
          }
        }
      }
    }
    out.println("(" + printed + " record" + (printed == 1 ? "" : "s") + " on " + topic + ")");
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
