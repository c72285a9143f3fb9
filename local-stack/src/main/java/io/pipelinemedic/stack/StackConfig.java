package io.pipelinemedic.stack;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where the local stack keeps its data and which ports it uses; every value can be overridden by an
 * environment variable.
 *
 * @param root the repository root (service jars are found under it)
 * @param home state, data and logs, {@code MEDIC_HOME} (default {@code <root>/.medic})
 * @param kafkaPort broker port, {@code MEDIC_KAFKA_PORT}
 * @param controllerPort KRaft controller port, {@code MEDIC_KAFKA_CONTROLLER_PORT}
 * @param postgresPort PostgreSQL port, {@code MEDIC_POSTGRES_PORT}
 * @param partitions partitions per topic, {@code MEDIC_PARTITIONS}
 * @param services the services to run
 */
public record StackConfig(
    Path root,
    Path home,
    int kafkaPort,
    int controllerPort,
    int postgresPort,
    int partitions,
    List<ServiceSpec> services) {

  /** Database of the stack; each service owns a schema in it. */
  public static final String DATABASE = "medic";

  /** The configuration from the environment, with the defaults documented in the README. */
  public static StackConfig fromEnvironment(Path root, Map<String, String> env) {
    Path home = Path.of(env.getOrDefault("MEDIC_HOME", root.resolve(".medic").toString()));
    List<ServiceSpec> services =
        List.of(
            new ServiceSpec(
                "ingest-service",
                root.resolve("ingest-service/target/quarkus-app/quarkus-run.jar"),
                intOf(env, "MEDIC_INGEST_PORT", 8081),
                List.of("dbt-cloud", "airflow", "runs"),
                Map.of()),
            new ServiceSpec(
                "context-service",
                root.resolve("context-service/target/quarkus-app/quarkus-run.jar"),
                intOf(env, "MEDIC_CONTEXT_PORT", 8082),
                List.of(),
                Map.of()),
            new ServiceSpec(
                "classifier-service",
                root.resolve("classifier-service/target/quarkus-app/quarkus-run.jar"),
                intOf(env, "MEDIC_CLASSIFIER_PORT", 8083),
                List.of(),
                Map.of()),
            new ServiceSpec(
                "kb-sync-service",
                root.resolve("kb-sync-service/target/quarkus-app/quarkus-run.jar"),
                intOf(env, "MEDIC_KB_PORT", 8086),
                List.of(),
                kbSettings(root, home, env)),
            new ServiceSpec(
                "publisher-service",
                root.resolve("publisher-service/target/quarkus-app/quarkus-run.jar"),
                intOf(env, "MEDIC_PUBLISHER_PORT", 8085),
                List.of(),
                passedOn(env, "MEDIC_PUBLISHER_", "MEDIC_PUBLISHER_PORT")));
    return new StackConfig(
        root.toAbsolutePath(),
        home.toAbsolutePath(),
        intOf(env, "MEDIC_KAFKA_PORT", 19092),
        intOf(env, "MEDIC_KAFKA_CONTROLLER_PORT", 19093),
        intOf(env, "MEDIC_POSTGRES_PORT", 15432),
        intOf(env, "MEDIC_PARTITIONS", 6),
        services);
  }

  /**
   * kb-sync-service reads the example project's KB from this repository's own git history unless
   * {@code MEDIC_KB_*} variables say otherwise (another repository, a Notion database).
   */
  private static Map<String, String> kbSettings(Path root, Path home, Map<String, String> env) {
    Map<String, String> settings = new TreeMap<>();
    settings.put("MEDIC_KB_GIT_URI", root.toAbsolutePath().toString());
    settings.put("MEDIC_KB_GIT_BRANCH", "main");
    settings.put("MEDIC_KB_GIT_PATH", "examples/shop/kb");
    settings.put("MEDIC_KB_GIT_CLONE_DIR", home.resolve("kb-git").toAbsolutePath().toString());
    settings.putAll(passedOn(env, "MEDIC_KB_", "MEDIC_KB_PORT"));
    return settings;
  }

  /**
   * The variables starting with {@code prefix} but the port: a service's settings
   * (publisher-service channels are off until {@code MEDIC_PUBLISHER_GITHUB_*}, {@code _SLACK_*} or
   * {@code _JIRA_*} turn them on).
   */
  private static Map<String, String> passedOn(Map<String, String> env, String prefix, String port) {
    Map<String, String> settings = new TreeMap<>();
    env.forEach(
        (name, value) -> {
          if (name.startsWith(prefix) && !name.equals(port)) {
            settings.put(name, value);
          }
        });
    return settings;
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
