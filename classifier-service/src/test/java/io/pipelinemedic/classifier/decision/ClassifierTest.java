package io.pipelinemedic.classifier.decision;

import static io.pipelinemedic.classifier.Fixtures.failure;
import static io.pipelinemedic.classifier.Fixtures.matching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.pipelinemedic.schemas.model.Action;
import io.pipelinemedic.schemas.model.DecisionRule;
import io.pipelinemedic.schemas.model.Evidence;
import io.pipelinemedic.schemas.model.Failure;
import io.pipelinemedic.schemas.model.FailureClass;
import io.pipelinemedic.schemas.model.KbEntry;
import io.pipelinemedic.schemas.model.KbMatch;
import io.pipelinemedic.schemas.model.KbMatchRule;
import io.pipelinemedic.schemas.model.KbSource;
import io.pipelinemedic.schemas.model.Owner;
import io.pipelinemedic.schemas.model.Recipe;
import io.pipelinemedic.schemas.model.RootCauseGroup;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The order of decisions, on hand-built failures without a warehouse. */
class ClassifierTest {

  private static final String STG_ORDERS = "model.shop.stg_orders";
  private static final Owner SHOP = new Owner("Shop platform team", "shop@shop.example", null);

  private static final KbEntry STATUS =
      entry("new-order-status", FailureClass.CODE, new Recipe.AddAcceptedValues(null));
  private static final KbEntry RENAMED = entry("renamed-column", FailureClass.CODE, null);
  private static final KbEntry NO_CUSTOMER =
      entry("orders-without-customer", FailureClass.SOURCE, new Recipe.ReportToOwner("Hi"));

  private final Map<String, KbEntry> kb =
      Map.of(STATUS.id(), STATUS, RENAMED.id(), RENAMED, NO_CUSTOMER.id(), NO_CUSTOMER);
  private final Classifier classifier =
      new Classifier(id -> Optional.ofNullable(kb.get(id)), Action.NONE);

  @Test
  void aTransientSignatureWinsOverAMatchingKbEntry() {
    Failure locked =
        matching(
            failure(
                "model.shop.stg_fx_rates",
                "model",
                null,
                "error",
                "IO Error: Could not set lock on file \"fx.duckdb\": Conflicting lock is held",
                null,
                List.of()),
            match(RENAMED));

    RootCauseGroup group = only(locked);

    assertThat(group.failureClass()).isEqualTo(FailureClass.TRANSIENT);
    assertThat(group.action()).isEqualTo(Action.NONE);
    assertThat(group.decidedBy()).isEqualTo(DecisionRule.TRANSIENT_CATALOGUE);
    assertThat(group.signature()).isEqualTo("transient.duckdb.lock");
    assertThat(group.kbEntryId()).isNull();
  }

  @Test
  void aTransientGroupAsksForTheConfiguredRerunButInfraNever() {
    Classifier rerunning = new Classifier(id -> Optional.empty(), Action.RERUN);
    Failure timeout =
        failure("model.shop.a", "model", null, "error", "Query timed out", null, List.of());
    Failure denied =
        failure(
            "model.shop.b",
            "model",
            null,
            "error",
            "permission denied for schema raw",
            null,
            List.of());

    List<RootCauseGroup> groups =
        rerunning.classify(List.of(timeout, denied), List.of(), "none").groups();

    assertThat(groups)
        .extracting(RootCauseGroup::rootCauseNode, RootCauseGroup::action)
        .containsExactly(tuple("model.shop.a", Action.RERUN), tuple("model.shop.b", Action.NONE));
    assertThat(groups.get(1).signature()).isEqualTo("infra.any.permission");
    assertThat(groups.get(1).reason()).contains("platform team");
  }

  @Test
  void aKbEntryWithARecipeIsFollowedAsWritten() {
    RootCauseGroup group = only(matching(test("accepted_values", STG_ORDERS), match(STATUS)));

    assertThat(group.failureClass()).isEqualTo(FailureClass.CODE);
    assertThat(group.action()).isEqualTo(Action.RECIPE);
    assertThat(group.decidedBy()).isEqualTo(DecisionRule.KB_ENTRY);
    assertThat(group.recipe()).isEqualTo(STATUS.recipe());
    assertThat(group.kbEntryId()).isEqualTo(STATUS.id());
    assertThat(group.owner()).isEqualTo(SHOP);
    assertThat(group.evidence()).extracting(Evidence::kind).contains("kb_match", "signature");
  }

  @Test
  void aKbEntryWithoutARecipeGivesTheAgentItsSteps() {
    Failure binder =
        matching(
            failure(
                "model.shop.dim_customers",
                "model",
                null,
                "error",
                "Binder Error: Values list \"customers\" does not have a column named \"email\"",
                null,
                List.of()),
            match(RENAMED));

    RootCauseGroup group = only(binder);

    assertThat(group.action()).isEqualTo(Action.AGENT);
    assertThat(group.instructions()).isEqualTo(RENAMED.steps());
    assertThat(group.recipe()).isNull();
    assertThat(group.signature()).isEqualTo("code.missing_column");
  }

  @Test
  void aSourceEntryAsksForAReportAndNeverForAFix() {
    RootCauseGroup group = only(matching(test("not_null", STG_ORDERS), match(NO_CUSTOMER)));

    assertThat(group.failureClass()).isEqualTo(FailureClass.SOURCE);
    assertThat(group.action()).isEqualTo(Action.REPORT);
    assertThat(group.recipe()).isInstanceOf(Recipe.ReportToOwner.class);
    assertThat(group.evidence())
        .extracting(Evidence::summary)
        .contains("No warehouse is configured for diagnostics.");
  }

  @Test
  void aMatchWhoseEntryIsGoneFallsBackToTheSignature() {
    KbMatch gone = new KbMatch("deleted-entry", 3, "Deleted", "test_name");
    Failure freshness =
        matching(
            failure(
                "source.shop.shop.orders",
                "source",
                null,
                "error",
                "freshness error: newest row loaded at 2026-11-19",
                null,
                List.of()),
            gone);

    RootCauseGroup group = only(freshness);

    assertThat(group.decidedBy()).isEqualTo(DecisionRule.SIGNATURE);
    assertThat(group.failureClass()).isEqualTo(FailureClass.SOURCE);
    assertThat(group.action()).isEqualTo(Action.REPORT);
    assertThat(group.evidence())
        .extracting(Evidence::summary)
        .contains("KB entry deleted-entry matched but is no longer in the KB.");
  }

  @Test
  void whatNoRuleKnowsGoesToTheAgentAsUnknown() {
    RootCauseGroup group =
        only(
            failure(
                "model.shop.weird",
                "model",
                null,
                "error",
                "Something odd happened",
                null,
                List.of()));

    assertThat(group.failureClass()).isEqualTo(FailureClass.UNKNOWN);
    assertThat(group.action()).isEqualTo(Action.AGENT);
    assertThat(group.decidedBy()).isEqualTo(DecisionRule.FALLBACK);
    assertThat(group.confidence()).isLessThan(0.5);
  }

  @Test
  void aRunStoppedByItsPackagesIsTheProjectsCodeAtTheRunItself() {
    RootCauseGroup group =
        only(
            failure(
                "invocation.subscriptions",
                "invocation",
                null,
                "error",
                "Runtime Error\n  No dbt_project.yml found at expected path"
                    + " /src/packages/billing-utils/dbt_project.yml\n  Verify that each entry"
                    + " within packages.yml (and their transitive dependencies) contains a file"
                    + " named dbt_project.yml",
                null,
                List.of()));

    assertThat(group.failureClass()).isEqualTo(FailureClass.CODE);
    assertThat(group.action()).isEqualTo(Action.AGENT);
    assertThat(group.signature()).isEqualTo("code.packages");
    assertThat(group.rootCauseNode()).isEqualTo("invocation.subscriptions");
    assertThat(group.owner()).as("no manifest names an owner of the run itself").isNull();
  }

  @Test
  void aTestWhoseDataDecidesStaysUnknownWithoutAWarehouse() {
    RootCauseGroup group = only(test("unique", STG_ORDERS));

    assertThat(group.failureClass()).isEqualTo(FailureClass.UNKNOWN);
    assertThat(group.signature()).isEqualTo("test.unique");
  }

  @Test
  void cascadesAreListedUnderTheirRootAndGetNoGroupOfTheirOwn() {
    Failure root = matching(test("accepted_values", STG_ORDERS), match(STATUS));
    Failure mart =
        failure(
            "test.shop.assert_revenue",
            "test",
            null,
            "fail",
            "Got 3 results",
            "model.shop.mart_revenue",
            List.of(root.uniqueId()));

    List<RootCauseGroup> groups =
        classifier.classify(List.of(mart, root), List.of(), "none").groups();

    assertThat(groups)
        .singleElement()
        .satisfies(
            group -> {
              assertThat(group.groupId()).isEqualTo("stg-orders");
              assertThat(group.failures()).containsExactly(root.uniqueId());
              assertThat(group.cascades()).containsExactly(mart.uniqueId());
            });
  }

  private RootCauseGroup only(Failure failure) {
    List<RootCauseGroup> groups =
        classifier
            .classify(List.of(failure), List.of(), "No warehouse is configured for diagnostics.")
            .groups();
    assertThat(groups).hasSize(1);
    RootCauseGroup group = groups.get(0);
    assertThat(group.reason()).endsWith(".");
    return group;
  }

  private static Failure test(String testName, String attached) {
    return failure(
        "test.shop." + testName + "_" + attached.substring(attached.lastIndexOf('.') + 1),
        "test",
        testName,
        "fail",
        "Got 2 results, configured to fail if != 0",
        attached,
        List.of());
  }

  private static KbMatch match(KbEntry entry) {
    return new KbMatch(entry.id(), entry.version(), entry.title(), "test_name");
  }

  private static KbEntry entry(String id, FailureClass failureClass, Recipe recipe) {
    return new KbEntry(
        id,
        "Entry " + id,
        KbSource.GIT,
        "examples/shop/kb/" + id + ".md",
        2,
        Instant.parse("2026-11-20T08:00:00Z"),
        new KbMatchRule(List.of("*"), null, null),
        failureClass,
        SHOP,
        "1. Look.\n2. Fix.",
        recipe);
  }
}
