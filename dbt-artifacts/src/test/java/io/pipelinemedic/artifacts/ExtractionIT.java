package io.pipelinemedic.artifacts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pipelinemedic.dbt.scenario.Scenario;
import io.pipelinemedic.dbt.scenario.ScenarioRun;
import io.pipelinemedic.dbt.scenario.ScenarioRunner;
import io.pipelinemedic.schemas.EventJson;
import io.pipelinemedic.schemas.model.Failure;
import io.pipelinemedic.schemas.model.Layer;
import io.pipelinemedic.schemas.model.LineageNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The failure extraction of every scenario's real artifacts matches the scenario's ground truth.
 */
class ExtractionIT {

  private static final Path ROOT =
      Path.of(System.getProperty("medic.root", "..")).toAbsolutePath().normalize();
  private static final FailureExtractor EXTRACTOR =
      new FailureExtractor(new ObjectMapper(), LayerRules.conventional());

  @TestFactory
  Stream<DynamicTest> extractionMatchesTheGroundTruth() throws IOException {
    ScenarioRunner runner = new ScenarioRunner(ROOT);
    return ScenarioRunner.scenarios(ROOT).stream()
        .map(scenario -> DynamicTest.dynamicTest(scenario.name(), () -> check(runner, scenario)));
  }

  private static void check(ScenarioRunner runner, Scenario scenario) throws Exception {
    ScenarioRun run = runner.run(scenario, Path.of("target/scenarios", scenario.name()));
    Path artifacts = run.artifacts();

    Extraction extraction =
        EXTRACTOR.extract(
            List.of(
                artifacts.resolve("step-2/run_results.json"),
                artifacts.resolve("step-3/run_results.json")),
            artifacts.resolve("step-1/sources.json"),
            artifacts.resolve("step-3/manifest.json"));

    List<Failure> failures = extraction.failures();
    long summary = EventJson.mapper().writeValueAsBytes(extraction).length;
    long artifactBytes = 0;
    for (String artifact :
        List.of(
            "step-1/sources.json",
            "step-2/run_results.json",
            "step-3/run_results.json",
            "step-3/manifest.json")) {
      artifactBytes += Files.size(artifacts.resolve(artifact));
    }
    System.out.printf(
        "%s: summary %,d bytes for %,d bytes of artifacts (%.2f%%)%n",
        scenario.name(), summary, artifactBytes, 100.0 * summary / artifactBytes);
    assertThat(summary).as("the summary stays well under Kafka's 1 MB").isLessThan(256 * 1024);
    assertThat(failures)
        .extracting(f -> Scenario.groundTruthId(f.uniqueId()))
        .containsExactlyInAnyOrderElementsOf(scenario.expected().failures());
    assertThat(
            failures.stream()
                .filter(f -> !f.upstreamFailures().isEmpty())
                .map(f -> Scenario.groundTruthId(f.uniqueId())))
        .as("cascades: failures with a failing node upstream")
        .containsExactlyInAnyOrderElementsOf(scenario.expected().cascades());
    assertThat(extraction.skipped()).containsAll(scenario.expected().skipped());
    for (Failure failure : failures) {
      List<LineageNode> slice = extraction.sliceOf(failure);
      assertThat(slice)
          .extracting(LineageNode::uniqueId)
          .as("lineage of " + failure.uniqueId())
          .contains(scenario.expected().rootCause());
      assertThat(slice).allMatch(node -> node.layer() != Layer.OTHER, "every node has a layer");
      assertThat(slice)
          .anyMatch(node -> node.layer() == Layer.SOURCE, "the slice reaches a source");
      assertThat(failure.owner()).as("owner of " + failure.uniqueId()).isNotNull();
      assertThat(failure.message()).isNotBlank();
      if (failure.resourceType().equals("test")) {
        assertThat(failure.compiledCode()).as("compiled SQL of " + failure.uniqueId()).isNotBlank();
        assertThat(failure.attachedNode()).isNotBlank();
      }
    }
  }
}
