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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A failing relationships test (invoices to accounts) in a real DuckDB warehouse: orphans the
 * billing export sent, orphans a filter on the parent's side made, orphans a child-side model made.
 */
class OrphanKeysTest {

  static final LineageNode RAW_ACCOUNTS =
      node("source.subs.billing.accounts", "source", "raw.accounts");
  static final LineageNode RAW_INVOICES =
      node("source.subs.billing.invoices", "source", "raw.invoices");
  static final LineageNode STG_ACCOUNTS =
      node("model.subs.stg_accounts", "model", "staging.stg_accounts", RAW_ACCOUNTS.uniqueId());
  static final LineageNode STG_INVOICES =
      node("model.subs.stg_invoices", "model", "staging.stg_invoices", RAW_INVOICES.uniqueId());
  static final LineageNode TEST =
      node(
          "test.subs.relationships_stg_invoices_account_id.abc",
          "test",
          null,
          STG_INVOICES.uniqueId(),
          STG_ACCOUNTS.uniqueId());
  static final List<LineageNode> LINEAGE =
      List.of(TEST, STG_INVOICES, STG_ACCOUNTS, RAW_INVOICES, RAW_ACCOUNTS);

  @TempDir Path folder;
  Warehouse warehouse;

  @BeforeEach
  void warehouse() throws SQLException {
    build(
        "create view staging.stg_accounts as select * from raw.accounts",
        "create view staging.stg_invoices as select * from raw.invoices");
  }

  @AfterEach
  void close() throws Exception {
    warehouse.close();
  }

  @Test
  void orphansTheExportSentAreTheSources() throws SQLException {
    insert("insert into raw.invoices values (100, 9)");

    LineageDiagnostics.Finding finding = locate(relationships(Map.of())).orElseThrow();

    assertThat(finding.origin().node()).isEqualTo(RAW_INVOICES.uniqueId());
    assertThat(finding.origin().offending()).isEqualTo(1);
    assertThat(finding.inSource()).isTrue();
    assertThat(finding.explanation()).isNull();
  }

  @Test
  void orphansAFilterOnTheParentsSideMadeAreThatModels() throws Exception {
    warehouse.close();
    build(
        "create view staging.stg_accounts as select * from raw.accounts where account_id <> 2",
        "create view staging.stg_invoices as select * from raw.invoices");

    LineageDiagnostics.Finding finding = locate(relationships(Map.of())).orElseThrow();

    assertThat(finding.origin().node()).isEqualTo(STG_ACCOUNTS.uniqueId());
    assertThat(finding.inSource()).isFalse();
    assertThat(finding.explanation())
        .isEqualTo(
            "1 keys the child uses are missing from model.subs.stg_accounts though"
                + " source.subs.billing.accounts upstream of it has them all, so"
                + " model.subs.stg_accounts drops them");
  }

  @Test
  void orphansAChildSideModelMadeAreThatModels() throws Exception {
    warehouse.close();
    build(
        "create view staging.stg_accounts as select * from raw.accounts",
        "create view staging.stg_invoices as select invoice_id, account_id + 10 as account_id"
            + " from raw.invoices");

    LineageDiagnostics.Finding finding = locate(relationships(Map.of())).orElseThrow();

    assertThat(finding.origin().node()).isEqualTo(STG_INVOICES.uniqueId());
    assertThat(finding.inSource()).isFalse();
  }

  @Test
  void theParentIsFoundByTheTestsToArgumentWhenTheTestNodeIsMissing() throws SQLException {
    insert("insert into raw.invoices values (100, 9)");
    Failure test = relationships(Map.of("to", "ref('stg_accounts')"));

    LineageDiagnostics.Finding finding =
        LineageDiagnostics.locate(warehouse, test, LINEAGE.subList(1, LINEAGE.size()))
            .orElseThrow();

    assertThat(finding.origin().node()).isEqualTo(RAW_INVOICES.uniqueId());
  }

  private void build(String accounts, String invoices) throws SQLException {
    Path prod = folder.resolve("prod.duckdb");
    try (Connection writer = Fixtures.duckdb(prod);
        Statement sql = writer.createStatement()) {
      sql.execute("create schema if not exists raw");
      sql.execute("create schema if not exists staging");
      sql.execute(
          "create or replace table raw.accounts as select * from (values (1), (2), (3))"
              + " t(account_id)");
      sql.execute(
          "create or replace table raw.invoices as select * from (values (10, 1), (11, 2),"
              + " (12, 3)) t(invoice_id, account_id)");
      sql.execute(accounts.replace("create view", "create or replace view"));
      sql.execute(invoices.replace("create view", "create or replace view"));
    }
    warehouse = JdbcWarehouse.duckDb(prod, 100);
  }

  private void insert(String statement) throws SQLException {
    try {
      warehouse.close();
    } catch (Exception e) {
      throw new SQLException(e);
    }
    try (Connection writer = Fixtures.duckdb(folder.resolve("prod.duckdb"));
        Statement sql = writer.createStatement()) {
      sql.execute(statement);
    }
    warehouse = JdbcWarehouse.duckDb(folder.resolve("prod.duckdb"), 100);
  }

  private java.util.Optional<LineageDiagnostics.Finding> locate(Failure test) throws SQLException {
    return LineageDiagnostics.locate(warehouse, test, LINEAGE);
  }

  private static Failure relationships(Map<String, Object> extra) {
    Map<String, Object> kwargs = new java.util.HashMap<>(Map.of("field", "account_id"));
    kwargs.putAll(extra);
    return new Failure(
        TEST.uniqueId(),
        "test",
        "relationships_stg_invoices_account_id",
        "relationships",
        null,
        "fail",
        "Got 1 result, configured to fail if != 0",
        1L,
        null,
        null,
        null,
        null,
        "account_id",
        kwargs,
        "error",
        STG_INVOICES.uniqueId(),
        null,
        List.of(),
        List.of(),
        List.of());
  }

  private static LineageNode node(String id, String type, String relation, String... parents) {
    return Fixtures.lineageNode(id, type, relation, parents);
  }
}
