package io.pipelinemedic.stack;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where the local stack keeps its data, which ports it uses, and the team it runs for: the team's
 * configuration file ({@code MEDIC_CONFIG}, see {@link TeamConfig}) gives the services their
 * settings; every value can be overridden by an environment variable. Nothing of a team is a
 * default: without a file the services get the stack's own addresses only.
 *
 * @param root the repository root (service jars are found under it)
 * @param home state, data and logs, {@code MEDIC_HOME} (default {@code <root>/.medic})
 * @param kafkaPort broker port, {@code MEDIC_KAFKA_PORT}
 * @param controllerPort KRaft controller port, {@code MEDIC_KAFKA_CONTROLLER_PORT}
 * @param postgresPort PostgreSQL port, {@code MEDIC_POSTGRES_PORT}
 * @param partitions partitions per topic, {@code MEDIC_PARTITIONS}
 * @param exampleDbtCloudPort port of the example project's dbt Cloud account that {@code ./medic
 *     demo} serves, {@code MEDIC_EXAMPLE_DBT_CLOUD_PORT}
 * @param teamConfig the team's configuration file, or {@code null}
 * @param services the services to run
 */
public record StackConfig(
    Path root,
    Path home,
    int kafkaPort,
    int controllerPort,
    int postgresPort,
    int partitions,
    int exampleDbtCloudPort,
    Path teamConfig,
    List<ServiceSpec> services) {

  /** Database of the stack; each service owns a schema in it. */
  public static final String DATABASE = "medic";

  /**
   * The example shop team's configuration, which {@code ./medic demo} and {@code eval} run with.
   */
  public static final String EXAMPLE_CONFIG = "examples/shop/medic.properties";

  /** The example shop team on PostgreSQL: {@code ./medic demo --warehouse postgres}. */
  public static final String EXAMPLE_POSTGRES_CONFIG = "examples/shop/medic-postgres.properties";

  private static final String EXAMPLE_TEAM = "example-team";

  /**
   * The configuration from the environment and the team's file it names, with the defaults
   * local-stack/README.md documents.
   *
   * @throws IllegalArgumentException when the team's file cannot be read or is not valid; the
   *     message says why
   */
  public static StackConfig fromEnvironment(Path root, Map<String, String> environment) {
    Path home =
        Path.of(environment.getOrDefault("MEDIC_HOME", root.resolve(".medic").toString()))
            .toAbsolutePath();
    int dbtCloudPort = intOf(environment, "MEDIC_EXAMPLE_DBT_CLOUD_PORT", 8090);
    int postgresPort = intOf(environment, "MEDIC_POSTGRES_PORT", 15432);
    Path teamConfig =
        environment.containsKey(TeamConfig.VARIABLE)
            ? Path.of(environment.get(TeamConfig.VARIABLE)).toAbsolutePath()
            : null;
    Map<String, String> env = new TreeMap<>();
    if (teamConfig != null) {
      Map<String, String> known = new TreeMap<>(environment);
      known.put("MEDIC_HOME", home.toString());
      known.put("MEDIC_ROOT", root.toAbsolutePath().toString());
      known.put("MEDIC_EXAMPLE_DBT_CLOUD_PORT", String.valueOf(dbtCloudPort));
      known.put("MEDIC_POSTGRES_PORT", String.valueOf(postgresPort));
      try {
        env.putAll(TeamConfig.read(teamConfig, known));
      } catch (IOException e) {
        throw new IllegalArgumentException(e.getMessage(), e);
      }
    }
    env.putAll(environment);
    Path dbt =
        Path.of(env.getOrDefault("MEDIC_DBT_VENV", root.resolve(".venv/dbt").toString()))
            .toAbsolutePath()
            .resolve("bin/dbt");
    Map<String, String> runner = new TreeMap<>();
    runner.put("MEDIC_RUNNER_WORKSPACES", home.resolve("workspaces").toString());
    runner.put("MEDIC_RUNNER_DBT", dbt.toString());
    String agent = env.getOrDefault("MEDIC_RUNNER_AGENT_KIND", "none");
    if (AGENT_CLIS.containsKey(agent)) {
      runner.put(
          "MEDIC_RUNNER_AGENT_EXECUTABLE",
          root.resolve(AGENTS).resolve(AGENT_CLIS.get(agent)).toAbsolutePath().toString());
    }
    List<ServiceSpec> services =
        List.of(
            new ServiceSpec(
                "ingest-service",
                root.resolve("ingest-service/target/quarkus-app/quarkus-run.jar"),
                intOf(env, "MEDIC_INGEST_PORT", 8081),
                List.of("dbt-cloud", "airflow", "runs", "github"),
                settings(env, "MEDIC_INGEST_", Map.of())),
            new ServiceSpec(
                "context-service",
                root.resolve("context-service/target/quarkus-app/quarkus-run.jar"),
                intOf(env, "MEDIC_CONTEXT_PORT", 8082),
                List.of("dbt-cloud-api"),
                settings(env, "MEDIC_CONTEXT_", Map.of())),
            new ServiceSpec(
                "classifier-service",
                root.resolve("classifier-service/target/quarkus-app/quarkus-run.jar"),
                intOf(env, "MEDIC_CLASSIFIER_PORT", 8083),
                List.of(),
                settings(env, "MEDIC_CLASSIFIER_", Map.of())),
            new ServiceSpec(
                "kb-sync-service",
                root.resolve("kb-sync-service/target/quarkus-app/quarkus-run.jar"),
                intOf(env, "MEDIC_KB_PORT", 8086),
                List.of("api"),
                settings(
                    env,
                    "MEDIC_KB_",
                    Map.of("MEDIC_KB_GIT_CLONE_DIR", home.resolve("kb-git").toString()))),
            new ServiceSpec(
                "agent-runner-service",
                root.resolve("agent-runner-service/target/quarkus-app/quarkus-run.jar"),
                intOf(env, "MEDIC_RUNNER_PORT", 8084),
                List.of(),
                settings(env, "MEDIC_RUNNER_", runner)),
            new ServiceSpec(
                "publisher-service",
                root.resolve("publisher-service/target/quarkus-app/quarkus-run.jar"),
                intOf(env, "MEDIC_PUBLISHER_PORT", 8085),
                List.of("api"),
                settings(env, "MEDIC_PUBLISHER_", Map.of())));
    return new StackConfig(
        root.toAbsolutePath(),
        home,
        intOf(env, "MEDIC_KAFKA_PORT", 19092),
        intOf(env, "MEDIC_KAFKA_CONTROLLER_PORT", 19093),
        postgresPort,
        intOf(env, "MEDIC_PARTITIONS", 6),
        dbtCloudPort,
        teamConfig,
        services);
  }

  /** Where {@code tools/agents/ensure-agents} installs the agent CLIs, under the repository. */
  static final String AGENTS = ".venv/agents/node_modules/.bin";

  /** The CLI of each agent kind that the repository installs. */
  static final Map<String, String> AGENT_CLIS = Map.of("claude-code", "claude", "codex", "codex");

  /**
   * A service's settings: the stack's defaults for it, overridden by the team's file and the
   * environment's variables of the service's prefix, its port excepted.
   */
  private static Map<String, String> settings(
      Map<String, String> env, String prefix, Map<String, String> defaults) {
    Map<String, String> settings = new TreeMap<>(defaults);
    env.forEach(
        (name, value) -> {
          if (name.startsWith(prefix) && !name.equals(prefix + "PORT")) {
            settings.put(name, value);
          }
        });
    return settings;
  }

  /** The example team's repository and production warehouse, as {@code ./medic demo} plays them. */
  public Path exampleTeam() {
    return home.resolve(EXAMPLE_TEAM);
  }

  /** The service called {@code name}. */
  public ServiceSpec service(String name) {
    return services.stream()
        .filter(service -> service.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no service " + name));
  }

  /** {@code host:port} of the broker. */
  public String bootstrapServers() {
    return "127.0.0.1:" + kafkaPort;
  }

  /** Directory of the stack's logs. */
  public Path logs() {
    return home.resolve("logs");
  }

  /** Directory of the artifact store shared by the services. */
  public Path artifacts() {
    return home.resolve("artifacts");
  }

  private static int intOf(Map<String, String> env, String name, int fallback) {
    String value = env.get(name);
    return value == null || value.isBlank() ? fallback : Integer.parseInt(value.trim());
  }
}
