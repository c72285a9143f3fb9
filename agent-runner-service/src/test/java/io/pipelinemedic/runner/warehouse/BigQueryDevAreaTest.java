package io.pipelinemedic.runner.warehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.pipelinemedic.schemas.model.Relation;
import io.pipelinemedic.testsupport.BigQueryApi;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * A group's BigQuery dev dataset through the Google client, against the local BigQuery REST server:
 * made with expiring tables and a label, an incremental model's table cloned into a custom dataset
 * dbt names after it, production read only through SELECTs, and every dataset of the area deleted
 * with its contents.
 */
class BigQueryDevAreaTest {

  private static final String PROJECT = BigQueryApi.PROJECT;

  @TempDir Path folder;
  BigQueryApi api;
  BigQueryDevAreas areas;
  Path state;

  @BeforeEach
  void start() throws Exception {
    Path production = folder.resolve("prod.duckdb");
    try (Connection writer = DriverManager.getConnection("jdbc:duckdb:" + production);
        Statement sql = writer.createStatement()) {
      sql.execute("create schema analytics_marts");
      sql.execute(
          "create table analytics_marts.fct_usage as select * from (values (1, 10), (2, 20))"
              + " t(account_id, seats)");
    }
    api = BigQueryApi.start(production);
    areas =
        new BigQueryDevAreas(
            api.client(), PROJECT, "EU", Duration.ofHours(6), null, 1_000_000_000L);
    state = Files.createDirectories(folder.resolve("state"));
  }

  @AfterEach
  void stop() throws SQLException {
    api.close();
  }

  @Test
  void aDevDatasetExpiresItsTablesAndIsLabelled() throws IOException {
    BigQueryDevArea area =
        (BigQueryDevArea) areas.create("inc-1/group-a", folder, Optional.of(state));

    assertThat(area.dataset()).startsWith("medic_inc_1_group_a_");
    JsonNode insert =
        api.requests().stream()
            .filter(request -> request.method().equals("POST"))
            .filter(request -> request.path().endsWith("/datasets"))
            .findFirst()
            .orElseThrow()
            .body();
    assertThat(insert.at("/datasetReference/datasetId").asText()).isEqualTo(area.dataset());
    assertThat(insert.at("/defaultTableExpirationMs").asText()).isEqualTo("21600000");
    assertThat(insert.at("/labels/medic").asText()).isEqualTo("dev-area");
    assertThat(insert.at("/location").asText()).isEqualTo("EU");
    assertThat(area.state()).contains(state);
    assertThat(area.network()).isTrue();
  }

  @Test
  void theProfileIsTheDevDatasetOnly() throws IOException {
    BigQueryDevArea area = (BigQueryDevArea) areas.create("inc-2/g", folder, Optional.of(state));

    Map<String, Object> output = output(area.profile("subscriptions", "medic"));

    assertThat(output)
        .containsEntry("type", "bigquery")
        .containsEntry("method", "oauth")
        .containsEntry("project", PROJECT)
        .containsEntry("dataset", area.dataset())
        .containsEntry("location", "EU")
        .containsEntry("maximum_bytes_billed", 1_000_000_000)
        .doesNotContainKey("keyfile");
    BigQueryDevAreas withKey =
        new BigQueryDevAreas(
            api.client(), PROJECT, null, Duration.ofDays(1), Path.of("/keys/sa.json"), 10L);
    assertThat(output(withKey.create("inc-3/g", folder, Optional.of(state)).profile("p", "t")))
        .containsEntry("method", "service-account")
        .containsEntry("keyfile", "/keys/sa.json")
        .doesNotContainKey("location");
    assertThat(withKey.create("inc-4/g", folder, Optional.of(state)).readOnly())
        .containsExactly(Path.of("/keys/sa.json"));
  }

  @Test
  void anIncrementalTableIsClonedIntoADatasetNamedAfterTheArea() throws IOException {
    BigQueryDevArea area = (BigQueryDevArea) areas.create("inc-5/g", folder, Optional.of(state));
    Relation production = new Relation(PROJECT, "analytics_marts", "fct_usage");
    Relation dev = new Relation(PROJECT, area.dataset() + "_marts", "fct_usage");

    area.copy(production, dev);

    JsonNode clone = api.clonedTables(area.dataset() + "_marts").get("fct_usage");
    assertThat(clone.at("/cloneDefinition/baseTableReference/datasetId").asText())
        .isEqualTo("analytics_marts");
    assertThat(clone.at("/cloneDefinition/baseTableReference/tableId").asText())
        .isEqualTo("fct_usage");
    assertThat(area.holds(dev)).isTrue();
    assertThat(area.holds(new Relation(PROJECT, area.dataset(), "fct_usage"))).isFalse();
    assertThatThrownBy(() -> area.copy(production, new Relation(PROJECT, "analytics", "x")))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("is not in the dev dataset");
  }

  @Test
  void productionIsReadOnlyThroughSelects() throws IOException {
    DevArea area = areas.create("inc-6/g", folder, Optional.of(state));

    Relation usage = new Relation(PROJECT, "analytics_marts", "fct_usage");
    assertThat(area.sql(usage)).isEqualTo("`shop-analytics`.`analytics_marts`.`fct_usage`");
    List<Map<String, Object>> rows =
        area.rows("select account_id, seats from " + area.sql(usage) + " order by 1", 1);

    assertThat(rows).containsExactly(Map.of("account_id", 1L, "seats", 10L));
    assertThatThrownBy(() -> area.rows("delete from `analytics_marts`.`fct_usage` where 1 = 1", 1))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("DELETE statement, not a SELECT");
    assertThatThrownBy(() -> area.rows("select 1; drop table `analytics_marts`.`fct_usage`", 1))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("SCRIPT statement, not a SELECT");
  }

  @Test
  void droppingDeletesEveryDatasetOfTheAreaWithItsTables() throws IOException {
    BigQueryDevArea area = (BigQueryDevArea) areas.create("inc-7/g", folder, Optional.of(state));
    area.copy(
        new Relation(PROJECT, "analytics_marts", "fct_usage"),
        new Relation(PROJECT, area.dataset() + "_marts", "fct_usage"));

    areas.drop("inc-7/g");

    assertThat(areas.datasetsOf(area.dataset())).isEmpty();
    assertThat(api.requests())
        .filteredOn(request -> request.method().equals("DELETE"))
        .extracting(BigQueryApi.Request::path)
        .containsExactlyInAnyOrder(
            "/bigquery/v2/projects/" + PROJECT + "/datasets/" + area.dataset(),
            "/bigquery/v2/projects/" + PROJECT + "/datasets/" + area.dataset() + "_marts");
    assertThat(areas.datasetsOf("analytics_marts"))
        .as("production's dataset stays")
        .containsExactly("analytics_marts");
  }

  @Test
  void onlyTheDevDatasetsOfTheProjectAreNotProduction() {
    assertThat(areas.isProduction(new Relation(PROJECT, "analytics_marts", "fct_usage"))).isTrue();
    assertThat(areas.isProduction(new Relation("raw-data", "medic_landing", "events"))).isTrue();
    assertThat(areas.isProduction(new Relation(PROJECT, "medic_inc_1_ab12cd34", "x"))).isFalse();
    assertThatThrownBy(() -> areas.create("inc-8/g", folder, Optional.empty()))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("manifest.json");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> output(String profile) {
    Map<String, Object> yaml = new Yaml().load(profile);
    Map<String, Object> only = (Map<String, Object>) yaml.values().iterator().next();
    Map<String, Object> outputs = (Map<String, Object>) only.get("outputs");
    assertThat(outputs).hasSize(1);
    return (Map<String, Object>) outputs.values().iterator().next();
  }
}
