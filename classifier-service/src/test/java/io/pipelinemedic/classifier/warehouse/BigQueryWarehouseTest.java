package io.pipelinemedic.classifier.warehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pipelinemedic.classifier.Fixtures;
import io.pipelinemedic.testsupport.BigQueryApi;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The BigQuery adapter through the Google client, against the local BigQuery REST server. */
class BigQueryWarehouseTest {

  @TempDir Path folder;
  BigQueryApi api;
  BigQueryWarehouse warehouse;

  @BeforeEach
  void start() throws SQLException {
    Path prod = folder.resolve("prod.duckdb");
    try (Connection writer = Fixtures.duckdb(prod);
        Statement sql = writer.createStatement()) {
      sql.execute(
          "create table orders as select * from (values (10, 'paid'), (11, 'paid'), (12, 'new'))"
              + " t(order_id, status)");
    }
    api = BigQueryApi.start(prod);
    warehouse = new BigQueryWarehouse(api.client(), 2, 5_000_000L);
  }

  @AfterEach
  void stop() throws SQLException {
    api.close();
  }

  @Test
  void valuesComeBackTypedAsTheSchemaSays() throws SQLException {
    Warehouse.QueryResult result =
        warehouse.query(
            "select count(*) as n, 'x' as label, 2.5 as ratio, true as ok, null as nothing"
                + " from `orders`");

    assertThat(result.columns()).containsExactly("n", "label", "ratio", "ok", "nothing");
    assertThat(result.rows())
        .containsExactly(Arrays.asList(3L, "x", new BigDecimal("2.5"), true, null));
    assertThat(result.truncated()).isFalse();
  }

  @Test
  void eachQueryIsDryRunThenRunCappedAndLabelled() throws SQLException {
    warehouse.query("select status from `orders` where status = 'paid'");

    assertThat(api.requests()).hasSize(2);
    BigQueryApi.Request dryRun = api.requests().get(0);
    assertThat(dryRun.path()).isEqualTo("/bigquery/v2/projects/shop-analytics/jobs");
    assertThat(dryRun.body().at("/configuration/dryRun").asBoolean()).isTrue();
    BigQueryApi.Request query = api.requests().get(1);
    assertThat(query.path()).isEqualTo("/bigquery/v2/projects/shop-analytics/queries");
    assertThat(query.body().get("query").asText())
        .isEqualTo("select status from `orders` where status = 'paid'");
    assertThat(query.body().get("useLegacySql").asBoolean()).isFalse();
    assertThat(query.body().get("maximumBytesBilled").asText()).isEqualTo("5000000");
    assertThat(query.body().get("maxResults").asInt()).isEqualTo(2);
    assertThat(query.body().at("/labels/medic").asText()).isEqualTo("diagnostics");
  }

  @Test
  void rowsBeyondTheLimitAreNotReadButReportedAsTruncated() throws SQLException {
    Warehouse.QueryResult result = warehouse.query("select order_id from `orders` order by 1");

    assertThat(result.rows()).containsExactly(List.of(10L), List.of(11L));
    assertThat(result.truncated()).isTrue();
    assertThat(api.requests())
        .as("no second page is fetched (jobs.getQueryResults)")
        .noneMatch(request -> request.path().contains("/queries/"));
  }

  @Test
  void aStatementBigQueryDoesNotCallASelectNeverRuns() {
    for (String write :
        new String[] {
          "insert into `orders` values (13, 'paid')",
          "delete from `orders` where true",
          "create table `copy` as select * from `orders`"
        }) {
      assertThatThrownBy(() -> warehouse.query(write))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("refused")
          .hasMessageContaining("not a SELECT");
    }
    assertThat(api.requests())
        .as("only dry runs reached BigQuery")
        .allSatisfy(request -> assertThat(request.path()).endsWith("/jobs"));
  }

  @Test
  void aFailingQueryIsAnSqlExceptionWithBigQuerysMessage() {
    assertThatThrownBy(() -> warehouse.query("select * from `missing_table`"))
        .isInstanceOf(SQLException.class)
        .hasMessageStartingWith("BigQuery: ")
        .hasMessageContaining("missing_table");
  }

  @Test
  void identifiersAndLiteralsAreWrittenInBigQuerysDialect() {
    assertThat(warehouse.quote("order id")).isEqualTo("`order id`");
    assertThat(warehouse.literal("it's")).isEqualTo("'it\\'s'");
    assertThat(warehouse.textType()).isEqualTo("string");
  }
}
