package io.pipelinemedic.classifier.decision;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipelinemedic.schemas.model.Action;
import io.pipelinemedic.schemas.model.DecisionRule;
import io.pipelinemedic.schemas.model.FailureClass;
import io.pipelinemedic.schemas.model.RootCauseGroup;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Groups decided alike become one; groups that differ in anything that matters stay apart. */
class MergedGroupsTest {

  @Test
  void twoModelsBrokenByOneRenameAreOneGroup() {
    RootCauseGroup first = group("stg-invoices", "fct_invoices", "test.a", Action.AGENT);
    RootCauseGroup second = group("stg-invoices-2", "mart_monthly_revenue", "test.b", Action.AGENT);

    assertThat(Classifier.merged(List.of(first, second)))
        .singleElement()
        .satisfies(
            merged -> {
              assertThat(merged.groupId()).isEqualTo("stg-invoices");
              assertThat(merged.failures())
                  .containsExactly("model.subs.fct_invoices", "model.subs.mart_monthly_revenue");
              assertThat(merged.cascades()).containsExactly("test.a", "test.b");
            });
  }

  @Test
  void anotherActionOrRootStaysApart() {
    RootCauseGroup agent = group("a", "fct_invoices", "test.a", Action.AGENT);
    RootCauseGroup recipe = group("b", "mart_monthly_revenue", "test.b", Action.RECIPE);

    assertThat(Classifier.merged(List.of(agent, recipe))).hasSize(2);
  }

  @Test
  void aCascadeOfOneGroupThatIsARootOfTheOtherIsListedOnceAsARoot() {
    RootCauseGroup first =
        group("a", "fct_invoices", "model.subs.mart_monthly_revenue", Action.AGENT);
    RootCauseGroup second = group("b", "mart_monthly_revenue", "test.b", Action.AGENT);

    RootCauseGroup merged = Classifier.merged(List.of(first, second)).get(0);

    assertThat(merged.failures()).contains("model.subs.mart_monthly_revenue");
    assertThat(merged.cascades()).containsExactly("test.b");
  }

  private static RootCauseGroup group(String id, String failing, String cascade, Action action) {
    return new RootCauseGroup(
        id,
        "model.subs.stg_invoices",
        FailureClass.CODE,
        action,
        DecisionRule.DIAGNOSTICS,
        0.7,
        "Column issued_at is missing from model.subs.stg_invoices.",
        "code.missing_column",
        List.of("model.subs." + failing),
        List.of(cascade),
        null,
        null,
        null,
        List.of(),
        null);
  }
}
