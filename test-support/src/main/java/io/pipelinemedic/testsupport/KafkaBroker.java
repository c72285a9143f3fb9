package io.pipelinemedic.testsupport;

import io.pipelinemedic.stack.TopicProvisioner;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.common.utils.Exit;

/**
 * One real Kafka broker (KRaft, combined node, random port) per test JVM, with every pipeline topic
 * created as the local stack creates them.
 */
public final class KafkaBroker {

  /** Partitions per topic in tests: more than one, so that key ordering is exercised. */
  public static final int PARTITIONS = 3;

  private static KafkaClusterTestKit cluster;

  private KafkaBroker() {}

  /** Starts the broker on first use and returns its bootstrap servers. */
  public static synchronized String bootstrapServers() {
    if (cluster == null) {
      try {
        KafkaClusterTestKit started =
            new KafkaClusterTestKit.Builder(
                    new TestKitNodes.Builder()
                        .setCombined(true)
                        .setNumBrokerNodes(1)
                        .setNumControllerNodes(1)
                        .build())
                .setConfigProp("auto.create.topics.enable", "false")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("offsets.topic.num.partitions", "3")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .build();
        started.format();
        started.startup();
        started.waitForReadyBrokers();
        try (Admin admin =
            Admin.create(
                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, started.bootstrapServers()))) {
          TopicProvisioner.ensureTopics(admin, PARTITIONS);
        }
        // the broker lives inside the test JVM: a fatal fault during its shutdown must not end
        // the JVM with an exit code of its own (surefire then reports a fork error after green
        // tests)
        Exit.setExitProcedure(KafkaBroker::refuseExit);
        Exit.setHaltProcedure(KafkaBroker::refuseExit);
        Runtime.getRuntime().addShutdownHook(new Thread(KafkaBroker::close, "kafka-broker-stop"));
        cluster = started;
      } catch (Exception e) {
        throw new IllegalStateException("cannot start the test Kafka broker", e);
      }
    }
    return cluster.bootstrapServers();
  }

  private static void refuseExit(int status, String message) {
    System.err.println("the test Kafka broker asked to exit with " + status + ": " + message);
  }

  private static void close() {
    try {
      cluster.close();
    } catch (Exception e) {
      System.err.println("stopping the test Kafka broker failed: " + e.getMessage());
    }
  }
}
