package io.pipelinemedic.stack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The whole system as {@code ./medic up} starts it (PostgreSQL, Kafka, the topics, the six packaged
 * services as processes), on free ports under {@code target/}. Test classes that take it as a
 * parameter of their {@code @BeforeAll} share one start; it stops when the test run ends.
 *
 * @param config where everything is
 * @param supervisor what started it
 */
record SystemUnderTest(StackConfig config, Supervisor supervisor) implements AutoCloseable {

  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  /** Partitions per topic: enough for two agent runners to share the work. */
  static final int PARTITIONS = 6;

  /** How many of each log's last lines a failed start shows. */
  private static final int TAIL = 15;

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

  /** Gives a test class the one system of the run, started by the first class that asks. */
  static final class Shared implements ParameterResolver {

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
      return parameter.getParameter().getType() == SystemUnderTest.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
      return context
          .getRoot()
          .getStore(ExtensionContext.Namespace.create(SystemUnderTest.class))
          .computeIfAbsent(SystemUnderTest.class, key -> startOrFail(), SystemUnderTest.class);
    }

    /**
     * Starts the shared system; a start that fails is printed with its logs and tried once more on
     * other ports, so that one bad start does not fail every class that shares it.
     */
    private static SystemUnderTest startOrFail() {
      // `airflow dags test` makes manual DAG runs, which the team's settings would ignore
      Map<String, String> settings = Map.of("MEDIC_INGEST_AIRFLOW_SCHEDULED_ONLY", "false");
      try {
        return start(StackConfig.EXAMPLE_CONFIG, settings);
      } catch (Exception first) {
        System.out.println("the shared system did not start, trying once more: " + first);
        try {
          return start(StackConfig.EXAMPLE_CONFIG, settings);
        } catch (Exception second) {
          second.addSuppressed(first);
          throw new ParameterResolutionException("the system did not start", second);
        }
      }
    }
  }

  /** The environment of a stack of its own: a home under {@code home}, free ports. */
  static Map<String, String> freshEnvironment(Path home) throws IOException {
    Map<String, String> env = new HashMap<>();
    env.put("MEDIC_HOME", home.toAbsolutePath().toString());
    for (String port : PORTS) {
      env.put(port, String.valueOf(Ports.free()));
    }
    env.put("MEDIC_PARTITIONS", String.valueOf(PARTITIONS));
    return env;
  }

  /** Starts everything for the example team; returns when all is ready. */
  static SystemUnderTest start() throws Exception {
    return start(StackConfig.EXAMPLE_CONFIG, Map.of());
  }

  /**
   * Starts everything for the team whose configuration is {@code teamConfig} (under the
   * repository), with {@code settings} (environment variables) over it; returns when all is ready.
   */
  static SystemUnderTest start(String teamConfig, Map<String, String> settings) throws Exception {
    Map<String, String> env =
        freshEnvironment(
            Files.createTempDirectory(Files.createDirectories(Path.of("target")), "medic"));
    env.put(TeamConfig.VARIABLE, ROOT.resolve(teamConfig).toString());
    env.putAll(settings);
    StackConfig config = StackConfig.fromEnvironment(ROOT, env);
    Supervisor supervisor = new Supervisor(config);
    try {
      supervisor.start();
    } catch (Exception e) {
      supervisor.stop();
      throw new IOException(e.getMessage() + logTails(config.logs()), e);
    }
    return new SystemUnderTest(config, supervisor);
  }

  /** The last lines of every log under {@code logs}: why a start failed, where CI shows it. */
  private static String logTails(Path logs) throws IOException {
    StringBuilder tails = new StringBuilder();
    try (Stream<Path> files = Files.list(logs)) {
      for (Path log : files.sorted().toList()) {
        List<String> lines =
            new String(Files.readAllBytes(log), StandardCharsets.UTF_8).lines().toList();
        tails.append("\n--- ").append(log.getFileName()).append(", last lines:");
        for (String line : lines.subList(Math.max(0, lines.size() - TAIL), lines.size())) {
          tails.append("\n  ").append(line);
        }
      }
    } catch (NoSuchFileException none) {
      tails.append("\n(no logs)");
    }
    return tails.toString();
  }

  /**
   * Starts one more agent-runner process (another port, the same consumer group) and returns the
   * group once it has settled with every runner holding partitions, or as it is at {@code timeout}.
   */
  ConsumerGroupDescription addRunner(Duration timeout) throws Exception {
    ServiceSpec runner = config.service("agent-runner-service");
    int members = runnerGroup().members().size() + 1;
    supervisor.startAnother(
        new ServiceSpec(
            runner.name(), runner.jar(), Ports.free(), runner.secrets(), runner.environment()));
    Instant deadline = Instant.now().plus(timeout);
    while (true) {
      ConsumerGroupDescription group = runnerGroup();
      if ((group.members().size() == members
              && group.members().stream()
                  .noneMatch(member -> member.assignment().topicPartitions().isEmpty()))
          || Instant.now().isAfter(deadline)) {
        return group;
      }
      Thread.sleep(200);
    }
  }

  private ConsumerGroupDescription runnerGroup() throws Exception {
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers()))) {
      return admin
          .describeConsumerGroups(List.of("agent-runner-service"))
          .all()
          .get()
          .get("agent-runner-service");
    }
  }

  /** The folder the agent runner makes its sandboxes in. */
  Path workspaces() {
    return Path.of(
        config.service("agent-runner-service").environment().get("MEDIC_RUNNER_WORKSPACES"));
  }

  @Override
  public void close() {
    supervisor.stop();
  }
}
