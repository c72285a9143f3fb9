package io.pipelinemedic.dbt.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Every scenario, played with real dbt, fails exactly as its ground truth says. */
class ScenariosIT {

  private static final Path ROOT =
      Path.of(System.getProperty("medic.root", "..")).toAbsolutePath().normalize();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> FAILED = Set.of("error", "fail", "runtime error");

  @TestFactory
  Stream<DynamicTest> everyScenarioFailsAsItsGroundTruthSays() throws IOException {
    ScenarioRunner runner = new ScenarioRunner(ROOT);
    List<Scenario> scenarios = ScenarioRunner.scenarios(ROOT);
    assertThat(scenarios).hasSizeGreaterThanOrEqualTo(9);
    // the plays are independent: one per core at a time, each test waits for its own
    ExecutorService plays =
        Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors());
    Map<String, Future<ScenarioRun>> played = new LinkedHashMap<>();
    for (Scenario scenario : scenarios) {
      played.put(scenario.name(), plays.submit(() -> play(runner, scenario)));
    }
    plays.shutdown();
    return scenarios.stream()
        .map(
            scenario ->
                DynamicTest.dynamicTest(
                    scenario.name(), () -> check(scenario, played.get(scenario.name()).get())));
  }

  private static ScenarioRun play(ScenarioRunner runner, Scenario scenario) throws Exception {
    long started = System.nanoTime();
    ScenarioRun run = runner.run(scenario, Path.of("target/scenarios", scenario.name()));
    System.out.printf(
        "scenario %s ran in %.1f s%n", scenario.name(), (System.nanoTime() - started) / 1e9);
    return run;
  }

  private static void check(Scenario scenario, ScenarioRun run) throws Exception {
    if (run.stoppedAtDeps()) {
      checkStoppedAtDeps(scenario, run);
      return;
    }
    List<JsonNode> steps = new ArrayList<>(List.of(JSON.readTree(run.sources().toFile())));
    for (Path results : run.runResults()) {
      steps.add(JSON.readTree(results.toFile()));
    }
    JsonNode manifest = JSON.readTree(run.manifest().toFile());
    Set<String> failures = new TreeSet<>();
    Set<String> skipped = new TreeSet<>();
    for (JsonNode step : steps) {
      failures.addAll(idsWithStatus(step, FAILED));
      skipped.addAll(idsWithStatus(step, Set.of("skipped")));
    }

    assertThat(run.steps())
        .as("the job's steps")
        .hasSize(scenario.job() == Scenario.Job.BUILD ? 2 : 3);
    assertThat(failures)
        .as("failing nodes of " + scenario.name())
        .containsExactlyInAnyOrderElementsOf(scenario.expected().failures());
    assertThat(skipped).containsAll(scenario.expected().skipped());
    assertThat(scenario.expected().failures()).containsAll(scenario.expected().cascades());
    if (scenario.expected().rootCause() != null) {
      String root = scenario.expected().rootCause();
      assertThat(manifest.path("nodes").has(root) || manifest.path("sources").has(root))
          .as(root + " in the manifest")
          .isTrue();
    }
    for (int i = 0; i < steps.size(); i++) {
      assertThat(run.steps().get(i).succeeded())
          .as("step %d: %s", i + 1, run.steps().get(i).describe())
          .isEqualTo(idsWithStatus(steps.get(i), FAILED).isEmpty());
    }
    try (Git git = Git.open(run.project().toFile())) {
      assertThat(git.getRepository().resolve("HEAD").name()).isEqualTo(run.commit());
      assertThat(git.status().call().isClean()).as("the run used the committed project").isTrue();
    }
    assertThat(Files.size(run.warehouse())).isPositive();
  }

  /**
   * A job that stopped at {@code dbt deps}: no command ran, its log is the only artifact, and the
   * ground truth's one failure is the run itself.
   */
  private static void checkStoppedAtDeps(Scenario scenario, ScenarioRun run) throws Exception {
    assertThat(run.steps()).as("no command runs after a failed dbt deps").isEmpty();
    try (Stream<Path> files = Files.walk(run.artifacts())) {
      assertThat(files.filter(Files::isRegularFile).map(run.artifacts()::relativize))
          .containsExactly(Path.of(ScenarioRun.DEPS_LOG));
    }
    assertThat(run.artifacts().resolve(ScenarioRun.DEPS_LOG))
        .content()
        .contains("Encountered an error:");
    assertThat(scenario.expected().failures()).containsExactly("invocation." + scenario.project());
  }

  /** Unique ids of results with one of {@code statuses}; test ids without dbt's hash suffix. */
  private static Set<String> idsWithStatus(JsonNode artifact, Set<String> statuses) {
    Set<String> ids = new TreeSet<>();
    for (JsonNode result : artifact.path("results")) {
      if (statuses.contains(result.path("status").asText())) {
        ids.add(Scenario.groundTruthId(result.path("unique_id").asText()));
      }
    }
    return ids;
  }
}
