package io.pipelinemedic.artifacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pipelinemedic.schemas.model.Failure;
import io.pipelinemedic.schemas.model.Layer;
import io.pipelinemedic.schemas.model.LineageNode;
import io.pipelinemedic.schemas.model.Owner;
import io.pipelinemedic.schemas.model.Relation;
import io.pipelinemedic.schemas.model.TestKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Older artifact versions and broken artifacts, on small files written in their exact shapes. */
class FailureExtractorTest {

  private static final FailureExtractor EXTRACTOR =
      new FailureExtractor(new ObjectMapper(), LayerRules.conventional());

  @TempDir Path dir;

  @Test
  void runResultsV4AndManifestV9AreReadWithCodeFromTheManifest() throws IOException {
    Path runResults =
        write(
            "run_results.json",
            """
            {"metadata": {"dbt_schema_version": "https://schemas.getdbt.com/dbt/run-results/v4.json", "dbt_version": "1.5.9"},
             "results": [
               {"status": "fail", "timing": [], "thread_id": "Thread-1", "execution_time": 0.05, "adapter_response": {},
                "message": "Got 3 results, configured to fail if != 0", "failures": 3,
                "unique_id": "test.legacy.unique_stg_orders_order_id.1a2b3c4d5e"},
               {"status": "skipped", "timing": [], "thread_id": "Thread-1", "execution_time": 0, "adapter_response": {},
                "message": null, "failures": null, "unique_id": "model.legacy.fct_orders"}]}
            """);
    Path manifest =
        write(
            "manifest.json",
            """
            {"metadata": {"dbt_schema_version": "https://schemas.getdbt.com/dbt/manifest/v9.json", "dbt_version": "1.5.9"},
             "nodes": {
               "model.legacy.stg_orders": {"resource_type": "model", "name": "stg_orders", "original_file_path": "models/stg_orders.sql",
                 "relation_name": "\\"analytics\\".\\"stg_orders\\"", "database": "analytics", "schema": "main", "alias": "stg_orders",
                 "meta": {"owner": "orders-team@example.com"}, "config": {"meta": {}, "schema": "ignored", "alias": "ignored"},
                 "depends_on": {"macros": [], "nodes": ["source.legacy.app.orders"]}},
               "test.legacy.unique_stg_orders_order_id.1a2b3c4d5e": {"resource_type": "test", "name": "unique_stg_orders_order_id",
                 "original_file_path": "models/schema.yml", "column_name": "order_id", "compiled_sql": "select order_id from stg_orders group by 1 having count(*) > 1",
                 "test_metadata": {"name": "unique", "kwargs": {"column_name": "order_id"}, "namespace": null},
                 "config": {"severity": "ERROR"}, "depends_on": {"macros": [], "nodes": ["model.legacy.stg_orders"]}}},
             "sources": {"source.legacy.app.orders": {"resource_type": "source", "name": "orders", "relation_name": "\\"raw\\".\\"orders\\"",
                 "database": null, "schema": "raw", "identifier": "orders",
                 "original_file_path": "models/sources.yml", "meta": {}}},
             "parent_map": {}, "child_map": {}}
            """);

    Extraction extraction = EXTRACTOR.extract(List.of(runResults), null, manifest);

    Failure failure = extraction.failures().get(0);
    assertThat(extraction.failures()).hasSize(1);
    assertThat(extraction.skipped()).containsExactly("model.legacy.fct_orders");
    assertThat(failure.testName()).isEqualTo("unique");
    assertThat(failure.testKind()).isEqualTo(TestKind.GENERIC);
    assertThat(failure.failingRows()).isEqualTo(3);
    assertThat(failure.compiledCode()).startsWith("select order_id from stg_orders");
    assertThat(failure.attachedNode())
        .as("no attached_node in v9: the test's parent")
        .isEqualTo("model.legacy.stg_orders");
    assertThat(failure.testKwargs()).isEqualTo(Map.of("column_name", "order_id"));
    assertThat(failure.owner().name()).isEqualTo("orders-team@example.com");
    assertThat(extraction.sliceOf(failure).get(0).owner())
        .as("each node of the slice carries its owner")
        .isEqualTo(new Owner("orders-team@example.com", "orders-team@example.com", null));
    assertThat(extraction.sliceOf(failure))
        .extracting(LineageNode::uniqueId, LineageNode::layer)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("model.legacy.stg_orders", Layer.STAGING),
            org.assertj.core.groups.Tuple.tuple("source.legacy.app.orders", Layer.SOURCE));
    assertThat(extraction.sliceOf(failure))
        .as("the relation's parts, never its rendered name, are what a warehouse quotes")
        .extracting(LineageNode::relation)
        .containsExactly(
            new Relation("analytics", "main", "stg_orders"), new Relation(null, "raw", "orders"));
  }

  @Test
  void aTruncatedArtifactIsAFormatErrorNamingTheFile() throws IOException {
    Path runResults =
        write(
            "run_results.json",
            "{\"metadata\": {\"dbt_schema_version\": \"https://schemas.getdbt.com/dbt/run-results/v6.json\"}, \"results\": [{\"status\": \"fa");

    assertThatThrownBy(() -> EXTRACTOR.extract(List.of(runResults), null, runResults))
        .isInstanceOf(ArtifactFormatException.class)
        .hasMessageContaining("run_results.json is not valid JSON");
  }

  @Test
  void anArtifactOfAnotherKindIsRefused() throws IOException {
    Path notRunResults =
        write(
            "run_results.json",
            "{\"metadata\": {\"dbt_schema_version\": \"https://schemas.getdbt.com/dbt/catalog/v1.json\"}, \"nodes\": {}}");

    assertThatThrownBy(() -> EXTRACTOR.extract(List.of(notRunResults), null, notRunResults))
        .isInstanceOf(ArtifactFormatException.class)
        .hasMessageContaining("is not a dbt run-results artifact");
  }

  @Test
  void somethingThatIsNotJsonIsRefused() throws IOException {
    Path html = write("run_results.json", "<html><body>502 Bad Gateway</body></html>");

    assertThatThrownBy(() -> EXTRACTOR.extract(List.of(html), null, html))
        .isInstanceOf(ArtifactFormatException.class)
        .hasMessageContaining("run_results.json");
  }

  private Path write(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text);
  }
}
