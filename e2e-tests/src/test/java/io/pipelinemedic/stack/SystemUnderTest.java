package io.pipelinemedic.stack;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole system as {@code ./medic up} starts it (PostgreSQL, Kafka, the topics, the six packaged
 * services as processes), on free ports under {@code target/}.
 *
 * @param config where everything is
 * @param supervisor what started it
 */
record SystemUnderTest(StackConfig config, Supervisor supervisor) {

  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  private static final List<String> PORTS =
      List.of(
          "MEDIC_KAFKA_PORT",
          "MEDIC_KAFKA_CONTROLLER_PORT",
          "MEDIC_POSTGRES_PORT",
          "MEDIC_INGEST_PORT",
          "MEDIC_CONTEXT_PORT",
          "MEDIC_CLASSIFIER_PORT",
          "MEDIC_RUNNER_PORT",
          "MEDIC_PUBLISHER_PORT",
          "MEDIC_KB_PORT",
          "MEDIC_EXAMPLE_DBT_CLOUD_PORT");

  /** Starts everything with {@code partitions} partitions per topic; returns when all is ready. */
  static SystemUnderTest start(int partitions) throws Exception {
    Path home = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "medic");
    Map<String, String> env = new HashMap<>();
    env.put("MEDIC_HOME", home.toAbsolutePath().toString());
    for (String port : PORTS) {
      env.put(port, String.valueOf(freePort()));
    }
    env.put("MEDIC_PARTITIONS", String.valueOf(partitions));
    StackConfig config = StackConfig.fromEnvironment(ROOT, env);
    Supervisor supervisor = new Supervisor(config);
    supervisor.start();
    return new SystemUnderTest(config, supervisor);
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
