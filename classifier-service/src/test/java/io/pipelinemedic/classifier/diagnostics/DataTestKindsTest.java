package io.pipelinemedic.classifier.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipelinemedic.classifier.Fixtures;
import io.pipelinemedic.classifier.warehouse.JdbcWarehouse;
import io.pipelinemedic.classifier.warehouse.Warehouse;
import io.pipelinemedic.schemas.model.Failure;
import io.pipelinemedic.schemas.model.LineageNode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tests packages provide, probed in a real DuckDB warehouse: a recency test on usage events (no
 * new events arrived, or a model holds them back) and an expression test on amounts (negative in
 * the export, or made negative by a model); an expression that is more than a predicate is never
 * run.
 */
class DataTestKindsTest {

  static final LineageNode RAW = node("source.subs.product.events", "source", "raw.events");
  static final LineageNode STG =
      node("model.subs.stg_events", "model", "staging.stg_events", RAW.uniqueId());
  static final List<LineageNode> LINEAGE = List.of(STG, RAW);

  @TempDir Path folder;
  Warehouse warehouse;

  @AfterEach
  void close() throws Exception {
    if (warehouse != null) {
      warehouse.close();
    }
  }

  @Test
  void noNewEventsInTheSourceIsTheSources() throws SQLException {
    build("create view staging.stg_events as select * from raw.events");

    LineageDiagnostics.Finding finding =
        locate(test("recency", Map.of("field", "event_at", "datepart", "day", "interval", 1)))
            .orElseThrow();

    assertThat(finding.origin().node()).isEqualTo(RAW.uniqueId());
    assertThat(finding.inSource()).isTrue();
  }

  @Test
  void eventsAModelHoldsBackAreThatModels() throws SQLException {
    build(
        "create view staging.stg_events as select * from raw.events"
            + " where event_at < timestamp '2026-12-02'");

    LineageDiagnostics.Finding finding =
        locate(test("recency", Map.of("field", "event_at", "datepart", "day", "interval", 1)))
            .orElseThrow();

    assertThat(finding.origin().node()).isEqualTo(STG.uniqueId());
    assertThat(finding.explanation()).endsWith("while its parents have newer rows");
  }

  @Test
  void negativeAmountsTheExportSentAreTheSources() throws SQLException {
    build("create view staging.stg_events as select * from raw.events");

    LineageDiagnostics.Finding finding =
        locate(test("expression_is_true", Map.of("expression", "amount_cents >= 0"))).orElseThrow();

    assertThat(finding.origin().node()).isEqualTo(RAW.uniqueId());
    assertThat(finding.origin().offending()).isEqualTo(1);
  }

  @Test
  void negativeAmountsAModelMadeAreThatModels() throws SQLException {
    build(
        "create view staging.stg_events as select event_id, event_at,"
            + " amount_cents - 250 as amount_cents from raw.events");
    warehouse.close();
    try (Connection writer = Fixtures.duckdb(folder.resolve("prod.duckdb"));
        Statement sql = writer.createStatement()) {
      sql.execute(
          "update raw.events set amount_cents = 120 where amount_cents < 0"); // a fine export
    }
    warehouse = JdbcWarehouse.duckDb(folder.resolve("prod.duckdb"), 100);

    LineageDiagnostics.Finding finding =
        locate(test("expression_is_true", Map.of("expression", "amount_cents >= 0"))).orElseThrow();

    assertThat(finding.origin().node()).isEqualTo(STG.uniqueId());
  }

  @Test
  void onlyAPlainPredicateIsEverRun() {
    assertThat(ExpressionCheck.columnsOf("amount_cents >= 0 and status in ('a', 'b''c')"))
        .contains(Set.of("amount_cents", "status"));
    assertThat(ExpressionCheck.columnsOf("coalesce(refund, 0) <= amount")).isPresent();
    for (String hostile :
        List.of(
            "1 = 1); copy events to '/tmp/x' (",
            "amount >= (select max(x) from secrets)",
            "read_text('/proc/self/environ') is not null",
            "amount >= 0 -- and the rest",
            "amount /* hidden */ >= 0",
            "amount >= 0; drop table events",
            "name = 'it\\\\'s'",
            "")) {
      assertThat(ExpressionCheck.columnsOf(hostile)).as(hostile).isEmpty();
    }
  }

  private void build(String staging) throws SQLException {
    Path prod = folder.resolve("prod.duckdb");
    try (Connection writer = Fixtures.duckdb(prod);
        Statement sql = writer.createStatement()) {
      sql.execute("create schema raw");
      sql.execute("create schema staging");
      sql.execute(
          "create table raw.events as select * from (values"
              + " (1, timestamp '2026-12-01 08:00', 500), (2, timestamp '2026-12-02 09:00', -120))"
              + " t(event_id, event_at, amount_cents)");
      sql.execute(staging);
    }
    warehouse = JdbcWarehouse.duckDb(prod, 100);
  }

  private Optional<LineageDiagnostics.Finding> locate(Failure test) throws SQLException {
    return LineageDiagnostics.locate(warehouse, test, LINEAGE);
  }

  private static Failure test(String kind, Map<String, Object> kwargs) {
    return new Failure(
        "test.subs." + kind + "_stg_events",
        "test",
        kind + "_stg_events",
        kind,
        null,
        "fail",
        "Got 1 result, configured to fail if != 0",
        1L,
        null,
        null,
        null,
        null,
        null,
        kwargs,
        "error",
        STG.uniqueId(),
        null,
        List.of(),
        List.of(),
        List.of());
  }

  private static LineageNode node(String id, String type, String relation, String... parents) {
    return Fixtures.lineageNode(id, type, relation, parents);
  }
}
