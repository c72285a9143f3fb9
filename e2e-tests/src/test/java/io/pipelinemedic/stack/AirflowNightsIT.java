package io.pipelinemedic.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.pipelinemedic.dbt.scenario.Scenario;
import io.pipelinemedic.dbt.scenario.ScenarioRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Real Airflow (the pinned 3.x of tools/airflow, SQLite, no scheduler) running the example shop's
 * nightly dbt job on a failure scenario's production with {@code MedicNotifier}, through {@code
 * airflow dags test}, against the running system: the incident its ground truth says, from the
 * artifacts the notifier sent with the alert; a retried task one incident; a wrong secret one line
 * in the task's log; the same with astronomer-cosmos' operator, whose artifacts keep_artifacts
 * kept.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(SystemUnderTest.Shared.class)
class AirflowNightsIT {

  private static final Path ROOT = SystemUnderTest.ROOT;
  private static final Pattern TOOK =
      Pattern.compile(
          "Pipeline Medic took the alert \\((\\d+) bytes\\) in (\\d+) ms: (\\d+) (\\w+)"
              + "(?: \\(incident (inc-[0-9a-f-]+)\\))?");

  private static StackConfig config;
  private static Path home;

  @BeforeAll
  static void airflow(SystemUnderTest system) throws Exception {
    config = system.config();
    home =
        Files.createTempDirectory(Files.createDirectories(Path.of("target")), "airflow-")
            .toAbsolutePath();
    run(List.of(ROOT.resolve("tools/airflow/ensure-airflow").toString()), Map.of(), "ensure");
    run(List.of(airflowBin().toString(), "db", "migrate"), environment(Map.of()), "migrate");
  }

  @Test
  @Order(1)
  void aFailedDbtTaskWithItsRetryIsOneIncidentThatEndsAsItsGroundTruthSays() throws Exception {
    try (ExampleNights nights = new ExampleNights(config)) {
      ScenarioRun night = nights.prepare("03-");
      Scenario.Expected expected = night.scenario().expected();

      String log = dagsTest("shop_nightly", night, Map.of());

      List<MatchResult> took = took(log);
      assertThat(took).as("the first try's alert and the retry's").hasSize(2);
      assertThat(took).extracting(m -> m.group(4)).containsExactly("accepted", "duplicate");
      String incident = took.get(0).group(5);
      assertThat(took.get(1).group(5)).as("one incident").isEqualTo(incident);
      took.forEach(
          m ->
              System.out.printf(
                  "task failed → alert's %s: %s ms (%s bytes with the artifacts)%n",
                  m.group(3), m.group(2), m.group(1)));

      JsonNode view = nights.awaitComplete(incident);
      JsonNode group = ExampleNights.events(view, "classified").get(0).at("/groups/0");
      assertThat(group.path("failureClass").asText()).isEqualTo(expected.failureClass());
      assertThat(group.path("action").asText()).isEqualTo(expected.action());
      assertThat(group.path("rootCauseNode").asText()).isEqualTo(expected.rootCause());
      JsonNode context = ExampleNights.events(view, "context.ready").get(0);
      assertThat(context.path("artifacts").findValuesAsText("name"))
          .as("the artifacts came with the alert")
          .contains("run_results.json", "manifest.json");
      assertThat(ExampleNights.events(view, "fix.proposed").get(0).path("outcome").asText())
          .isEqualTo("VERIFIED");
    }
  }

  @Test
  @Order(2)
  void aWrongSecretIsOneLineInTheTasksLog() throws Exception {
    try (ExampleNights nights = new ExampleNights(config)) {
      ScenarioRun night = nights.prepare("03-");

      String log = dagsTest("shop_nightly", night, Map.of("password", "not-the-secret"));

      assertThat(log.lines().filter(line -> line.contains("refused it: 401")).toList())
          .as("one line per alert (the first try's and the retry's), saying what to check")
          .hasSize(2)
          .allMatch(line -> line.contains("the Airflow connection medic_default"));
      assertThat(took(log)).isEmpty();
    }
  }

  @Test
  @Order(3)
  void cosmosArtifactsAreKeptForTheNotifierBeforeCosmosDeletesThem() throws Exception {
    try (ExampleNights nights = new ExampleNights(config)) {
      ScenarioRun night = nights.prepare("02-");
      Scenario.Expected expected = night.scenario().expected();

      List<MatchResult> took = took(dagsTest("shop_nightly_cosmos", night, Map.of()));

      assertThat(took).hasSize(1);
      JsonNode view = nights.awaitComplete(took.get(0).group(5));
      JsonNode group = ExampleNights.events(view, "classified").get(0).at("/groups/0");
      assertThat(group.path("failureClass").asText()).isEqualTo(expected.failureClass());
      assertThat(group.path("rootCauseNode").asText()).isEqualTo(expected.rootCause());
      assertThat(ExampleNights.reached(view, "source.reported")).isTrue();
    }
  }

  /** {@code airflow dags test} of {@code dag} on {@code night}'s project and production. */
  private static String dagsTest(String dag, ScenarioRun night, Map<String, String> connection)
      throws Exception {
    Map<String, String> env = new HashMap<>();
    env.put("MEDIC_DBT", ROOT.resolve(".venv/dbt/bin/dbt").toString());
    env.put("MEDIC_DBT_PROJECT", night.project().toString());
    env.put("MEDIC_DBT_TARGET", home.resolve("target-" + dag).toString());
    env.put("EXAMPLE_WAREHOUSE_DIR", night.warehouse().getParent().toString());
    env.put("MEDIC_KEPT_ARTIFACTS", home.resolve("kept").toString());
    String secret =
        connection.getOrDefault("password", Secrets.loadOrCreate(config.home()).get("airflow"));
    env.put(
        "AIRFLOW_CONN_MEDIC_DEFAULT",
        ExampleNights.JSON
            .createObjectNode()
            .put("conn_type", "http")
            .put("host", config.service("ingest-service").url())
            .put("password", secret)
            .toString());
    return run(
        List.of(airflowBin().toString(), "dags", "test", dag, "2026-12-05"),
        environment(env),
        dag,
        0,
        1); // a DAG whose task failed makes `dags test` exit 1
  }

  private static Map<String, String> environment(Map<String, String> extra) {
    Map<String, String> env = new HashMap<>(extra);
    env.put("AIRFLOW_HOME", home.toString());
    env.put(
        "AIRFLOW__CORE__DAGS_FOLDER",
        ROOT.resolve("e2e-tests/src/test/resources/airflow/dags").toString());
    env.put("AIRFLOW__CORE__LOAD_EXAMPLES", "False");
    return env;
  }

  /** The notifier's lines saying Pipeline Medic took an alert: size, time, status, incident. */
  private static List<MatchResult> took(String log) {
    return TOOK.matcher(log).results().toList();
  }

  private static Path airflowBin() {
    return ROOT.resolve(".venv/airflow/bin/airflow");
  }

  /**
   * Runs {@code command}; its output (kept in target) once it exits with one of {@code exits}
   * within five minutes.
   */
  private static String run(
      List<String> command, Map<String, String> env, String name, Integer... exits)
      throws Exception {
    Path log = home.resolve(name + ".log");
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().putAll(env);
    Process process = builder.start();
    if (!process.waitFor(5, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError(String.join(" ", command) + " did not finish; see " + log);
    }
    String output = Files.readString(log);
    assertThat(process.exitValue())
        .as(String.join(" ", command) + ", its log: " + log)
        .isIn((Object[]) (exits.length == 0 ? new Integer[] {0} : exits));
    return output;
  }
}
