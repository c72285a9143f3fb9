package io.pipelinemedic.stack;

import io.pipelinemedic.schemas.Topics;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * What waits on the stack's topics, for {@code ./medic status}: how many records each consumer
 * group has still to read per topic, and how many records each dead-letter topic holds.
 *
 * @param behind records not yet read, by group and then topic (only those behind)
 * @param deadLetters records on each dead-letter topic that holds any
 */
record QueueReport(Map<String, Map<String, Long>> behind, Map<String, Long> deadLetters) {

  /** The report of the broker at {@code bootstrapServers}, asked within a few seconds. */
  static QueueReport of(String bootstrapServers) throws ExecutionException, InterruptedException {
    try (Admin admin =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                4000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                5000))) {
      return of(admin);
    }
  }

  /** The report of the broker {@code admin} talks to. */
  static QueueReport of(Admin admin) throws ExecutionException, InterruptedException {
    Map<String, Map<String, Long>> behind = new TreeMap<>();
    for (ConsumerGroupListing group : admin.listConsumerGroups().all().get()) {
      Map<TopicPartition, OffsetAndMetadata> committed =
          admin.listConsumerGroupOffsets(group.groupId()).partitionsToOffsetAndMetadata().get();
      Map<TopicPartition, Long> ends = offsets(admin, new ArrayList<>(committed.keySet()), true);
      Map<String, Long> lag = new TreeMap<>();
      committed.forEach(
          (partition, offset) -> {
            long waiting =
                ends.getOrDefault(partition, 0L) - (offset == null ? 0 : offset.offset());
            if (waiting > 0) {
              lag.merge(partition.topic(), waiting, Long::sum);
            }
          });
      if (!lag.isEmpty()) {
        behind.put(group.groupId(), lag);
      }
    }
    List<TopicPartition> dlqPartitions = new ArrayList<>();
    admin
        .describeTopics(Topics.MAIN.stream().map(Topics::dlq).toList())
        .allTopicNames()
        .get()
        .forEach(
            (topic, description) ->
                description
                    .partitions()
                    .forEach(p -> dlqPartitions.add(new TopicPartition(topic, p.partition()))));
    Map<TopicPartition, Long> latest = offsets(admin, dlqPartitions, true);
    Map<TopicPartition, Long> earliest = offsets(admin, dlqPartitions, false);
    Map<String, Long> deadLetters = new TreeMap<>();
    for (TopicPartition partition : dlqPartitions) {
      long held = latest.get(partition) - earliest.get(partition);
      if (held > 0) {
        deadLetters.merge(partition.topic(), held, Long::sum);
      }
    }
    return new QueueReport(behind, deadLetters);
  }

  private static Map<TopicPartition, Long> offsets(
      Admin admin, List<TopicPartition> partitions, boolean latest)
      throws ExecutionException, InterruptedException {
    Map<TopicPartition, OffsetSpec> wanted = new HashMap<>();
    partitions.forEach(p -> wanted.put(p, latest ? OffsetSpec.latest() : OffsetSpec.earliest()));
    Map<TopicPartition, Long> offsets = new HashMap<>();
    for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> entry :
        admin.listOffsets(wanted).all().get().entrySet()) {
      offsets.put(entry.getKey(), entry.getValue().offset());
    }
    return offsets;
  }
}
