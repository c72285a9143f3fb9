package io.pipelinemedic.stack;

import io.pipelinemedic.schemas.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

/** Creates every pipeline topic and its dead-letter twin that does not exist yet. */
public final class TopicProvisioner {

  /** Dead letters are kept long enough for a person to look at them. */
  static final Duration DLQ_RETENTION = Duration.ofDays(30);

  private TopicProvisioner() {}

  /** Creates the missing topics with {@code partitions} partitions; returns the names created. */
  public static List<String> ensureTopics(Admin admin, int partitions)
      throws ExecutionException, InterruptedException {
    Set<String> existing = admin.listTopics().names().get();
    List<NewTopic> missing =
        Topics.ALL.stream()
            .filter(topic -> !existing.contains(topic))
            .map(topic -> new NewTopic(topic, partitions, (short) 1).configs(configOf(topic)))
            .toList();
    if (!missing.isEmpty()) {
      admin.createTopics(missing).all().get();
    }
    return missing.stream().map(NewTopic::name).toList();
  }

  static Map<String, String> configOf(String topic) {
    if (Topics.isCompacted(topic)) {
      return Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
    }
    if (topic.endsWith(Topics.DLQ_SUFFIX)) {
      return Map.of(TopicConfig.RETENTION_MS_CONFIG, String.valueOf(DLQ_RETENTION.toMillis()));
    }
    return Map.of();
  }
}
