package io.pipelinemedic.classifier.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.pipelinemedic.classifier.Fixtures;
import io.pipelinemedic.classifier.warehouse.JdbcWarehouse;
import io.pipelinemedic.classifier.warehouse.Warehouse;
import io.pipelinemedic.schemas.model.Failure;
import io.pipelinemedic.schemas.model.LineageNode;
import io.pipelinemedic.schemas.model.Relation;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A small real warehouse in DuckDB, raw tables to marts, probed read-only: duplicates that came
 * from the vendor, duplicates made by a join, nulls made by a mapping, a value the source sent; and
 * the parent that lost a column a model selects.
 */
class LineageDiagnosticsTest {

  @TempDir Path folder;
  Warehouse warehouse;

  @AfterEach
  void close() throws Exception {
    warehouse.close();
  }

  static final LineageNode RAW_LINES =
      node("source.shop.vendor.order_lines", "source", "\"prod\".\"raw_vendor\".\"order_lines\"");
  static final LineageNode RAW_PAYMENTS =
      node("source.shop.shop.payments", "source", "\"prod\".\"raw_shop\".\"payments\"");
  static final LineageNode RAW_ORDERS =
      node("source.shop.shop.orders", "source", "\"prod\".\"raw_shop\".\"orders\"");
  static final LineageNode STG_LINES =
      node(
          "model.shop.stg_order_lines",
          "model",
          "\"prod\".\"staging\".\"stg_order_lines\"",
          RAW_LINES.uniqueId());
  static final LineageNode STG_ORDERS =
      node(
          "model.shop.stg_orders",
          "model",
          "\"prod\".\"staging\".\"stg_orders\"",
          RAW_ORDERS.uniqueId());
  static final LineageNode ENRICHED =
      node(
          "model.shop.int_order_lines_enriched",
          "model",
          "\"prod\".\"intermediate\".\"int_order_lines_enriched\"",
          STG_LINES.uniqueId(),
          RAW_PAYMENTS.uniqueId());
  static final LineageNode FCT_LINES =
      node(
          "model.shop.fct_order_lines",
          "model",
          "\"prod\".\"marts\".\"fct_order_lines\"",
          ENRICHED.uniqueId());
  static final List<LineageNode> LINEAGE =
      List.of(FCT_LINES, ENRICHED, STG_LINES, STG_ORDERS, RAW_LINES, RAW_PAYMENTS, RAW_ORDERS);

  @BeforeEach
  void warehouse() throws SQLException {
    Path prod = folder.resolve("prod.duckdb");
    try (Connection writer = Fixtures.duckdb(prod);
        Statement sql = writer.createStatement()) {
      for (String schema : List.of("raw_vendor", "raw_shop", "staging", "intermediate", "marts")) {
        sql.execute("create schema " + schema);
      }
      sql.execute(
          "create table raw_vendor.order_lines as select * from (values"
              + " (1, 10, 'APP-1'), (2, 10, 'GRD-2001'), (3, 11, 'HOM-7'), (3, 11, 'HOM-7'))"
              + " t(order_line_id, order_id, sku)");
      sql.execute(
          "create table raw_shop.payments as select * from (values"
              + " (10, 'card'), (11, 'card'), (11, 'voucher')) t(order_id, method)");
      sql.execute(
          "create table raw_shop.orders as select * from (values"
              + " (10, 'paid'), (11, 'on_hold')) t(order_id, status)");
      sql.execute(
          "create view staging.stg_order_lines as select order_line_id, order_id, sku,"
              + " case split_part(sku, '-', 1) when 'APP' then 'apparel' when 'HOM' then 'home' end"
              + " as product_line from raw_vendor.order_lines");
      sql.execute("create view staging.stg_orders as select * from raw_shop.orders");
      sql.execute(
          "create table intermediate.int_order_lines_enriched as select l.*, p.method"
              + " from staging.stg_order_lines l join raw_shop.payments p using (order_id)");
      sql.execute(
          "create table marts.fct_order_lines as select * from"
              + " intermediate.int_order_lines_enriched");
    }
    warehouse = open(prod);
  }

  /** The warehouse the diagnostics read: the DuckDB file itself. */
  Warehouse open(Path prod) throws SQLException {
    return JdbcWarehouse.duckDb(prod, 100);
  }

  @Test
  void duplicatesAlreadyInTheSourceAreTheSources() throws SQLException {
    LineageDiagnostics.Finding finding =
        locate(test("unique", STG_LINES, "order_line_id", Map.of())).orElseThrow();

    assertThat(finding.origin().node()).isEqualTo(RAW_LINES.uniqueId());
    assertThat(finding.inSource()).isTrue();
    assertThat(finding.probes())
        .extracting(
            LineageDiagnostics.Probe::node,
            LineageDiagnostics.Probe::rows,
            LineageDiagnostics.Probe::offending)
        .containsExactly(tuple(STG_LINES.uniqueId(), 4L, 1L), tuple(RAW_LINES.uniqueId(), 4L, 1L));
    assertThat(finding.probes().get(1).queries())
        .extracting(Warehouse.QueryResult::sql)
        .anyMatch(
            sql ->
                sql.contains(
                    "select count(*) from (select KEY from RELATION"
                            .replace("KEY", warehouse.quote("order_line_id"))
                            .replace("RELATION", warehouse.relation(RAW_LINES.relation()))
                        + " where "
                        + warehouse.quote("order_line_id")
                        + " is not null group by "
                        + warehouse.quote("order_line_id")
                        + " having count(*) > 1)"));
  }

  @Test
  void nullsMadeByAModelAreThatModels() throws SQLException {
    LineageDiagnostics.Finding finding =
        locate(test("not_null", STG_LINES, "product_line", Map.of())).orElseThrow();

    assertThat(finding.origin().node()).isEqualTo(STG_LINES.uniqueId());
    assertThat(finding.inSource()).isFalse();
    assertThat(finding.probes()).as("the source has no product_line to probe").hasSize(1);
  }

  @Test
  void aValueTheSourceSentIsFoundInTheSource() throws SQLException {
    LineageDiagnostics.Finding finding =
        locate(
                test(
                    "accepted_values",
                    STG_ORDERS,
                    "status",
                    Map.of("values", List.of("placed", "paid", "shipped"))))
            .orElseThrow();

    assertThat(finding.origin().node()).isEqualTo(RAW_ORDERS.uniqueId());
    assertThat(finding.origin().offending()).isEqualTo(1);
  }

  @Test
  void duplicatesMadeByAJoinStartAtTheJoin() throws Exception {
    close();
    try (Connection fix = Fixtures.duckdb(folder.resolve("prod.duckdb"));
        Statement sql = fix.createStatement()) {
      sql.execute("delete from raw_vendor.order_lines where order_line_id = 3");
      sql.execute("insert into raw_vendor.order_lines values (3, 11, 'HOM-7')");
      sql.execute(
          "create or replace table intermediate.int_order_lines_enriched as select l.*,"
              + " p.method from staging.stg_order_lines l join raw_shop.payments p using (order_id)");
      sql.execute(
          "create or replace table marts.fct_order_lines as select * from"
              + " intermediate.int_order_lines_enriched");
    }
    warehouse = open(folder.resolve("prod.duckdb"));

    LineageDiagnostics.Finding finding =
        locate(test("unique", FCT_LINES, "order_line_id", Map.of())).orElseThrow();

    assertThat(finding.origin().node()).isEqualTo(ENRICHED.uniqueId());
    assertThat(finding.inSource()).isFalse();
    assertThat(finding.probes())
        .filteredOn(probe -> probe.offending() == 0)
        .extracting(LineageDiagnostics.Probe::node)
        .containsExactly(STG_LINES.uniqueId(), RAW_LINES.uniqueId());
  }

  @Test
  void otherFailuresAreNotProbed() throws SQLException {
    assertThat(locate(test("recency", STG_LINES, "order_id", Map.of()))).isEmpty();
  }

  @Test
  void aMissingColumnIsBlamedOnTheParentThatDoesNotHaveIt() throws SQLException {
    Failure binder =
        error(
            FCT_LINES,
            "Binder Error: Values list \"enriched\" does not have a column named"
                + " \"payment_method\"");

    MissingColumn.Finding finding =
        MissingColumn.locate(warehouse, binder, byId(LINEAGE)).orElseThrow();

    assertThat(finding.parent()).isEqualTo(ENRICHED.uniqueId());
    assertThat(finding.column()).isEqualTo("payment_method");
    assertThat(finding.queries())
        .as("the parent's shape, its two parents', and the vendor source's above them")
        .hasSize(4)
        .allSatisfy(q -> assertThat(q.rows()).isEmpty());
  }

  @Test
  void aColumnRenamedUpstreamIsFollowedToTheModelThatRenamedIt() throws Exception {
    close();
    try (Connection rename = Fixtures.duckdb(folder.resolve("prod.duckdb"));
        Statement sql = rename.createStatement()) {
      sql.execute(
          "create or replace view staging.stg_order_lines as select order_line_id, order_id,"
              + " sku as item_sku from raw_vendor.order_lines");
      sql.execute(
          "create or replace table intermediate.int_order_lines_enriched as select l.*, p.method"
              + " from staging.stg_order_lines l join raw_shop.payments p using (order_id)");
      sql.execute(
          "create or replace table marts.fct_order_lines as select * from"
              + " intermediate.int_order_lines_enriched");
    }
    warehouse = open(folder.resolve("prod.duckdb"));
    Failure binder = error(FCT_LINES, "Binder Error: Referenced column \"sku\" not found");

    assertThat(MissingColumn.locate(warehouse, binder, byId(LINEAGE)))
        .as("two levels up, past a parent that never had it")
        .map(MissingColumn.Finding::parent)
        .contains(STG_LINES.uniqueId());
  }

  @Test
  void amongParentsWithoutTheColumnTheErrorsAliasDecides() throws SQLException {
    Failure binder =
        error(
            ENRICHED,
            "Binder Error: Values list \"order_lines\" does not have a column named \"amount\"");
    Failure unnamed = error(ENRICHED, "Binder Error: Referenced column \"amount\" not found");

    assertThat(MissingColumn.locate(warehouse, binder, byId(LINEAGE)))
        .as("followed up from the parent the alias names to the source, which lacks it too")
        .map(MissingColumn.Finding::parent)
        .contains(RAW_LINES.uniqueId());
    assertThat(MissingColumn.locate(warehouse, unnamed, byId(LINEAGE)))
        .as("two parents lack it and nothing names one")
        .isEmpty();
  }

  @Test
  void aRelationTheConnectionCannotSeeIsLeftOut() throws SQLException {
    LineageNode fx = node("source.shop.fx.rates", "source", "\"fx\".\"main\".\"rates\"");
    LineageNode stgFx =
        node("model.shop.stg_fx_rates", "model", "\"prod\".\"staging\".\"stg_fx\"", fx.uniqueId());
    Failure binder = error(stgFx, "Binder Error: Referenced column \"rate\" not found");

    assertThat(MissingColumn.locate(warehouse, binder, byId(List.of(fx, stgFx)))).isEmpty();
    assertThat(
            LineageDiagnostics.locate(
                warehouse, test("not_null", stgFx, "rate", Map.of()), List.of(fx, stgFx)))
        .isEmpty();
  }

  @Test
  void aCraftedRelationNameIsNeverSqlAndCraftedPartsStayNames() throws Exception {
    Path written = folder.resolve("written.csv");
    String attack = "; copy (select 1 as a) to '" + written + "'";
    LineageNode craftedName =
        new LineageNode(
            RAW_LINES.uniqueId(),
            "source",
            null,
            RAW_LINES.relationName() + attack,
            RAW_LINES.relation(),
            List.of(),
            false,
            null);
    LineageNode craftedParts =
        new LineageNode(
            RAW_LINES.uniqueId(),
            "source",
            null,
            RAW_LINES.relationName(),
            new Relation("prod", "raw_vendor", "order_lines\"" + attack + " --"),
            List.of(),
            false,
            null);
    Failure unique = test("unique", STG_LINES, "order_line_id", Map.of());

    // the rendered name is ignored: the parts, quoted, still find the duplicates in the source
    assertThat(
            LineageDiagnostics.locate(warehouse, unique, List.of(STG_LINES, craftedName))
                .orElseThrow()
                .origin()
                .node())
        .isEqualTo(RAW_LINES.uniqueId());
    // a quote inside a part stays inside the name: no such table, and nothing else runs
    assertThat(
            LineageDiagnostics.locate(warehouse, unique, List.of(STG_LINES, craftedParts))
                .orElseThrow()
                .origin()
                .node())
        .isEqualTo(STG_LINES.uniqueId());
    assertThat(written).doesNotExist();
  }

  private static Map<String, LineageNode> byId(List<LineageNode> nodes) {
    return nodes.stream().collect(Collectors.toMap(LineageNode::uniqueId, node -> node));
  }

  private static Failure error(LineageNode model, String message) {
    return Fixtures.failure(model.uniqueId(), "model", null, "error", message, null, List.of());
  }

  private Optional<LineageDiagnostics.Finding> locate(Failure test) throws SQLException {
    return LineageDiagnostics.locate(warehouse, test, LINEAGE);
  }

  private static LineageNode node(String id, String type, String relation, String... parents) {
    return Fixtures.lineageNode(id, type, relation, parents);
  }

  private static Failure test(
      String testName, LineageNode attached, String column, Map<String, Object> kwargs) {
    return new Failure(
        "test.shop." + testName + "_" + column,
        "test",
        testName + "_" + column,
        testName,
        null,
        "fail",
        "Got 1 result, configured to fail if != 0",
        1L,
        null,
        null,
        null,
        null,
        column,
        kwargs,
        "error",
        attached.uniqueId(),
        null,
        List.of(),
        List.of(),
        List.of());
  }
}
