package io.pipelinemedic.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipelinemedic.schemas.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local stack's real Kafka broker and PostgreSQL come up, report what waits and what was
 * dead-lettered, and keep their data across a restart.
 */
class LocalStackIT {

  @TempDir Path home;

  @Test
  void brokerAndDatabaseStartWithEveryTopicAndKeepTheirDataAcrossARestart() throws Exception {
    StackConfig config =
        new StackConfig(
            Path.of("..").toAbsolutePath(),
            home,
            Ports.free(),
            Ports.free(),
            Ports.free(),
            2,
            Ports.free(),
            null,
            List.of());

    Supervisor first = new Supervisor(config);
    try {
      first.start();
      assertThat(StackState.at(home).load().get(StackState.STATUS)).isEqualTo("ready");
      try (Admin admin = admin(config)) {
        assertThat(admin.listTopics().names().get()).containsAll(Topics.ALL);
        ConfigResource kb = new ConfigResource(ConfigResource.Type.TOPIC, Topics.KB_ENTRIES);
        Config kbConfig = admin.describeConfigs(Set.of(kb)).all().get().get(kb);
        assertThat(kbConfig.get("cleanup.policy").value()).isEqualTo("compact");
      }
      sql(config, "create table kept (note text); insert into kept values ('before restart')");
      queuesAreReported(config);
    } finally {
      first.stop();
    }
    assertThat(StackState.at(home).load().get(StackState.STATUS)).isEqualTo("stopped");

    Supervisor second = new Supervisor(config);
    try {
      second.start();
      assertThat(StackState.at(home).load().get("topics.created")).isEqualTo("0");
      assertThat(sql(config, "select note from kept")).isEqualTo("before restart");
      assertThat(Files.exists(home.resolve("data/kafka/meta.properties"))).isTrue();
    } finally {
      second.stop();
    }
  }

  /**
   * Three dead letters and a group two records behind, as {@code ./medic status} and {@code ./medic
   * doctor} see them.
   */
  private static void queuesAreReported(StackConfig config) throws Exception {
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers()),
            new StringSerializer(),
            new StringSerializer())) {
      for (int i = 0; i < 3; i++) {
        producer.send(new ProducerRecord<>(Topics.dlq(Topics.RUN_FAILED), "k", "dead")).get();
      }
      for (int i = 0; i < 2; i++) {
        producer.send(new ProducerRecord<>(Topics.RUN_FAILED, "k", "waiting")).get();
      }
    }
    try (Admin admin = admin(config)) {
      Map<TopicPartition, OffsetAndMetadata> start = new java.util.HashMap<>();
      for (int partition = 0; partition < config.partitions(); partition++) {
        start.put(new TopicPartition(Topics.RUN_FAILED, partition), new OffsetAndMetadata(0));
      }
      admin.alterConsumerGroupOffsets("context-service", start).all().get();

      QueueReport report = QueueReport.of(admin);

      assertThat(report.deadLetters()).containsExactlyEntriesOf(Map.of("run.failed.dlq", 3L));
      assertThat(report.behind())
          .containsExactlyEntriesOf(Map.of("context-service", Map.of(Topics.RUN_FAILED, 2L)));
    }
    java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
    new StackControl(config, new java.io.PrintStream(printed, true, "UTF-8")).status();
    assertThat(printed.toString(java.nio.charset.StandardCharsets.UTF_8))
        .contains("context-service 2 on run.failed")
        .contains("run.failed.dlq 3");
    assertThat(new Doctor(config).queues(1))
        .isEqualTo(
            new Doctor.Check(
                "queues",
                false,
                "context-service is 2 behind on run.failed: incidents wait until it is read"
                    + " (./medic status, the service's log)"));
    assertThat(new Doctor(config).queues(2).ok()).isTrue();
  }

  private static Admin admin(StackConfig config) {
    return Admin.create(
        Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers()));
  }

  private static String sql(StackConfig config, String statements) throws Exception {
    String url =
        "jdbc:postgresql://127.0.0.1:" + config.postgresPort() + "/" + StackConfig.DATABASE;
    try (Connection connection =
            DriverManager.getConnection(url, PostgresNode.USER, PostgresNode.USER);
        Statement statement = connection.createStatement()) {
      if (statement.execute(statements)) {
        try (ResultSet rows = statement.getResultSet()) {
          return rows.next() ? rows.getString(1) : null;
        }
      }
      return null;
    }
  }
}
