package io.pipelinemedic.stack;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.Uuid;

/**
 * A single-node Kafka broker in KRaft combined mode, run as its own process from the Kafka jars on
 * the launcher's classpath. Its log directory survives restarts; storage is formatted once.
 */
final class KafkaNode {

  private final StackConfig config;
  private final Path dataDir;
  private final Path propertiesFile;

  KafkaNode(StackConfig config) {
    this.config = config;
    this.dataDir = config.home().resolve("data/kafka");
    this.propertiesFile = config.home().resolve("kafka/server.properties");
  }

  /** Writes the broker configuration, formats storage if new, and starts the broker process. */
  Process start() throws IOException, InterruptedException {
    writeProperties();
    if (!Files.exists(dataDir.resolve("meta.properties"))) {
      Process format =
          java("kafka.tools.StorageTool", "format", "-t", Uuid.randomUuid().toString(), "-c")
              .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()))
              .redirectErrorStream(true)
              .start();
      if (format.waitFor() != 0) {
        throw new IOException("formatting Kafka storage failed; see " + logFile());
      }
    }
    Process broker =
        java("kafka.Kafka")
            .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()))
            .redirectErrorStream(true)
            .start();
    Ports.awaitOpen(config.kafkaPort(), Duration.ofSeconds(60), broker);
    return broker;
  }

  Path logFile() {
    return config.logs().resolve("kafka.log");
  }

  private ProcessBuilder java(String mainClass, String... args) {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms256m",
                "-Xmx512m",
                "-XX:+UseG1GC",
                "-cp",
                System.getProperty("java.class.path"),
                mainClass));
    command.addAll(List.of(args));
    command.add(propertiesFile.toString());
    return new ProcessBuilder(command).directory(config.home().toFile());
  }

  private void writeProperties() throws IOException {
    Files.createDirectories(dataDir);
    Files.createDirectories(propertiesFile.getParent());
    Properties props = new Properties();
    String broker = "127.0.0.1:" + config.kafkaPort();
    String controller = "127.0.0.1:" + config.controllerPort();
    props.setProperty("process.roles", "broker,controller");
    props.setProperty("node.id", "1");
    props.setProperty("controller.quorum.voters", "1@" + controller);
    props.setProperty("listeners", "PLAINTEXT://" + broker + ",CONTROLLER://" + controller);
    props.setProperty("advertised.listeners", "PLAINTEXT://" + broker);
    props.setProperty("controller.listener.names", "CONTROLLER");
    props.setProperty("inter.broker.listener.name", "PLAINTEXT");
    props.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    props.setProperty("log.dirs", dataDir.toString());
    props.setProperty("num.partitions", String.valueOf(config.partitions()));
    props.setProperty("auto.create.topics.enable", "false");
    props.setProperty("offsets.topic.replication.factor", "1");
    props.setProperty("transaction.state.log.replication.factor", "1");
    props.setProperty("transaction.state.log.min.isr", "1");
    props.setProperty("group.initial.rebalance.delay.ms", "0");
    try (Writer out = Files.newBufferedWriter(propertiesFile)) {
      props.store(out, "written by ./medic up");
    }
  }
}
