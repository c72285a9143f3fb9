package io.pipelinemedic.context;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipelinemedic.context.service.ContextBuilder;
import io.pipelinemedic.dbt.scenario.Scenario;
import io.pipelinemedic.dbt.scenario.ScenarioRun;
import io.pipelinemedic.dbt.scenario.ScenarioRunner;
import io.pipelinemedic.schemas.ContextReady;
import io.pipelinemedic.schemas.EventJson;
import io.pipelinemedic.schemas.model.ArtifactRef;
import io.pipelinemedic.schemas.model.Failure;
import io.pipelinemedic.schemas.model.Layer;
import io.pipelinemedic.schemas.model.LineageNode;
import io.pipelinemedic.stack.demo.ExampleDbtCloud;
import io.pipelinemedic.testsupport.KafkaBrokerResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every example scenario, played with real dbt, served by the local dbt Cloud Admin API as a job of
 * three setup steps and three commands, from {@code run.failed} on the real broker to {@code
 * context.ready}: the failing nodes, cascades, skipped nodes, lineage slices and owners match the
 * scenario's ground truth.
 */
@QuarkusTest
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = DbtCloudApi.class, scope = TestResourceScope.GLOBAL)
class ScenarioContextIT {

  private static final Path ROOT = Path.of(System.getProperty("medic.root", ".."));

  @TestFactory
  Stream<DynamicTest> everyScenarioBecomesTheContextItsGroundTruthDescribes() throws IOException {
    ScenarioRunner runner = new ScenarioRunner(ROOT);
    return ScenarioRunner.scenarios(ROOT).stream()
        .map(scenario -> DynamicTest.dynamicTest(scenario.name(), () -> check(runner, scenario)));
  }

  private static void check(ScenarioRunner runner, Scenario scenario) throws Exception {
    ScenarioRun run = runner.run(scenario, Path.of("target/scenarios", scenario.name()));
    String runId = Incidents.newRunId();
    DbtCloudApi.server().serve(runId, ExampleDbtCloud.Run.of(runId, run));
    String incident = Incidents.newIncident();
    Incidents.send(Incidents.dbtCloud(incident, runId, scenario.project()));
    if (scenario.expected().failures().isEmpty()) {
      assertThat(Incidents.deadLetterReason(incident))
          .as("a run reported failed whose evidence shows no failure is never 'nothing to do'")
          .contains("show no failed or errored node");
      return;
    }

    ContextReady ready = Incidents.contextReady(incident);
    long eventBytes = EventJson.write(ready).length;
    long artifactBytes = ready.artifacts().stream().mapToLong(ArtifactRef::sizeBytes).sum();
    System.out.printf(
        "%s: context.ready %,d bytes for %,d bytes of artifacts (%.2f%%), %d failures%n",
        scenario.name(),
        eventBytes,
        artifactBytes,
        100.0 * eventBytes / artifactBytes,
        ready.failures().size());

    Scenario.Expected expected = scenario.expected();
    List<Failure> failures = ready.failures();
    if (run.stoppedAtDeps()) {
      assertThat(ready.artifacts())
          .as("the failed dbt deps step's log, the run's only evidence")
          .singleElement()
          .satisfies(log -> assertThat(log.name()).isEqualTo(ContextBuilder.DBT_LOG));
      assertThat(failures)
          .singleElement()
          .satisfies(
              failure -> {
                assertThat(failure.uniqueId()).isEqualTo(expected.rootCause());
                assertThat(failure.message()).contains("packages.yml");
              });
      return;
    }
    assertThat(failures)
        .extracting(f -> Scenario.groundTruthId(f.uniqueId()))
        .containsExactlyInAnyOrderElementsOf(expected.failures());
    assertThat(
            failures.stream()
                .filter(f -> !f.upstreamFailures().isEmpty())
                .map(f -> Scenario.groundTruthId(f.uniqueId())))
        .as("cascades: failures with a failing node upstream")
        .containsExactlyInAnyOrderElementsOf(expected.cascades());
    assertThat(ready.skipped()).containsAll(expected.skipped());
    Map<String, LineageNode> nodes =
        ready.lineage().stream()
            .collect(Collectors.toMap(LineageNode::uniqueId, Function.identity()));
    for (Failure failure : failures) {
      List<LineageNode> slice = failure.lineage().stream().map(nodes::get).toList();
      assertThat(slice).as("lineage of " + failure.uniqueId()).doesNotContainNull();
      assertThat(slice)
          .extracting(LineageNode::uniqueId)
          .as("lineage of " + failure.uniqueId())
          .contains(expected.rootCause());
      assertThat(slice)
          .filteredOn(node -> Set.of("model", "source").contains(node.resourceType()))
          .allMatch(node -> node.layer() != Layer.OTHER, "every model and source has a layer");
      assertThat(slice)
          .anyMatch(node -> node.layer() == Layer.SOURCE, "the slice reaches a source");
      if (!failure.resourceType().equals("snapshot")) {
        assertThat(failure.owner()).as("owner of " + failure.uniqueId()).isNotNull();
      }
      assertThat(failure.message()).isNotBlank();
      if (failure.resourceType().equals("test")) {
        assertThat(failure.compiledCode()).as("compiled SQL of " + failure.uniqueId()).isNotBlank();
        assertThat(failure.attachedNode()).isNotBlank();
      }
    }
  }
}
