package io.pipelinemedic.stack;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * The long-lived process behind {@code ./medic up}: starts PostgreSQL, the Kafka broker, the topics
 * and the services in that order, reports progress in {@link StackState}, and on SIGTERM ({@code
 * ./medic down}) stops them in reverse order.
 */
final class Supervisor {

  private static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(90);

  /** The broker's name for {@link #crashAndRestart}. */
  static final String KAFKA = "kafka";

  private final StackConfig config;
  private final StackState state;
  private final List<Process> processes = new ArrayList<>();
  private final Map<String, Process> byName = new LinkedHashMap<>();
  private PostgresNode postgres;

  Supervisor(StackConfig config) {
    this.config = config;
    this.state = StackState.at(config.home());
  }

  /** Starts the stack and blocks until the JVM is asked to stop. */
  void run() throws Exception {
    Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "medic-stop"));
    try {
      start();
    } catch (Exception e) {
      stop(); // what started is stopped before the supervisor exits, as ./medic up waits for
      throw e;
    }
    new CountDownLatch(1).await();
  }

  /**
   * Starts every component in order; returns when all are up, or fails naming the one that is not.
   */
  void start() throws Exception {
    Files.createDirectories(config.logs());
    Files.createDirectories(config.artifacts());
    state.put(StackState.SUPERVISOR_PID, ProcessHandle.current().pid());
    if (config.teamConfig() != null) {
      state.put(StackState.CONFIG, config.teamConfig());
    }
    try {
      progress("starting PostgreSQL");
      postgres =
          PostgresNode.start(
              config.home().resolve("data/postgres"), config.postgresPort(), StackConfig.DATABASE);
      state.put("postgres.port", config.postgresPort());

      progress("starting Kafka");
      Process kafka = new KafkaNode(config).start();
      processes.add(kafka);
      byName.put(KAFKA, kafka);
      state.put("kafka.pid", kafka.pid()).put("kafka.bootstrap", config.bootstrapServers());

      progress("creating topics");
      try (Admin admin =
          Admin.create(
              Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers()))) {
        List<String> created = TopicProvisioner.ensureTopics(admin, config.partitions());
        state.put("topics.created", created.size());
      }

      Secrets secrets = Secrets.loadOrCreate(config.home());
      for (ServiceSpec service : config.services()) {
        progress("starting " + service.name());
        Process process = startService(service, secrets);
        processes.add(process);
        byName.put(service.name(), process);
        state
            .put(service.name() + ".pid", process.pid())
            .put(service.name() + ".url", service.url());
        awaitReady(service, process);
      }
      state.put(StackState.STATUS, "ready").put(StackState.MESSAGE, "all components up").save();
    } catch (Exception e) {
      state
          .put(StackState.STATUS, "failed")
          .put(StackState.MESSAGE, String.valueOf(e.getMessage()))
          .save();
      throw e;
    }
  }

  /**
   * Kills {@code name} ({@code kafka} or a service) the hard way, as a crash or an OOM kill would,
   * and starts it again; returns when it is ready. For failure drills.
   */
  void crashAndRestart(String name) throws Exception {
    Process old = byName.get(name);
    old.destroyForcibly().waitFor();
    processes.remove(old);
    Process restarted;
    if (KAFKA.equals(name)) {
      restarted = new KafkaNode(config).start();
    } else {
      ServiceSpec service = config.service(name);
      restarted = startService(service, Secrets.loadOrCreate(config.home()));
      awaitReady(service, restarted);
    }
    processes.add(restarted);
    byName.put(name, restarted);
  }

  /** Starts one more instance of a service (another port, the same consumer group). */
  void startAnother(ServiceSpec service) throws Exception {
    Process process = startService(service, Secrets.loadOrCreate(config.home()));
    processes.add(process);
    byName.put(service.name() + "@" + service.port(), process);
    awaitReady(service, process);
  }

  private Process startService(ServiceSpec service, Secrets secrets) throws IOException {
    if (!Files.exists(service.jar())) {
      throw new IOException(service.jar() + " is missing: build with ./mvnw package -DskipTests");
    }
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder =
        new ProcessBuilder(java, "-Xms128m", "-Xmx512m", "-jar", service.jar().toString())
            .directory(config.home().toFile())
            .redirectOutput(
                ProcessBuilder.Redirect.appendTo(
                    config.logs().resolve(service.name() + ".log").toFile()))
            .redirectErrorStream(true);
    builder.environment().putAll(serviceEnvironment(service, secrets));
    return builder.start();
  }

  /**
   * The environment a service runs with: where Kafka, PostgreSQL and the artifacts are, its own
   * settings.
   */
  Map<String, String> serviceEnvironment(ServiceSpec service, Secrets secrets) {
    String database = "127.0.0.1:" + config.postgresPort() + "/" + StackConfig.DATABASE;
    Map<String, String> env = new LinkedHashMap<>();
    env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
    env.put("QUARKUS_HTTP_PORT", String.valueOf(service.port()));
    env.put("KAFKA_BOOTSTRAP_SERVERS", config.bootstrapServers());
    env.put("QUARKUS_DATASOURCE_REACTIVE_URL", "postgresql://" + database);
    env.put("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://" + database);
    env.put("QUARKUS_DATASOURCE_USERNAME", PostgresNode.USER);
    env.put("QUARKUS_DATASOURCE_PASSWORD", PostgresNode.USER);
    env.put("MEDIC_ARTIFACTS_DIR", config.artifacts().toString());
    for (String name : service.secrets()) {
      env.put(Secrets.ENVIRONMENT.get(name), secrets.get(name));
    }
    env.putAll(service.environment());
    return env;
  }

  private void awaitReady(ServiceSpec service, Process process) throws Exception {
    Readiness.await(
        process,
        URI.create(service.url() + "/q/health/ready"),
        HEALTH_TIMEOUT,
        config.logs().resolve(service.name() + ".log"));
  }

  private void progress(String message) throws IOException {
    state.put(StackState.STATUS, "starting").put(StackState.MESSAGE, message).save();
  }

  /** Stops services, then Kafka, then PostgreSQL, each given time to shut down cleanly. */
  void stop() {
    for (int i = processes.size() - 1; i >= 0; i--) {
      Process process = processes.remove(i);
      process.destroy();
      try {
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
      }
    }
    try {
      if (postgres != null) {
        postgres.close();
        postgres = null;
      }
      if (!"failed".equals(state.get(StackState.STATUS))) {
        state.put(StackState.STATUS, "stopped").put(StackState.MESSAGE, "stopped").save();
      }
    } catch (IOException e) {
      System.err.println("stopping PostgreSQL failed: " + e.getMessage());
    }
  }
}
