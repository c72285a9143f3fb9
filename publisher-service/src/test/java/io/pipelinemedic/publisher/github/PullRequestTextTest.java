package io.pipelinemedic.publisher.github;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipelinemedic.schemas.Envelope;
import io.pipelinemedic.schemas.FixProposed;
import io.pipelinemedic.schemas.model.Action;
import io.pipelinemedic.schemas.model.AgentCost;
import io.pipelinemedic.schemas.model.DecisionRule;
import io.pipelinemedic.schemas.model.Evidence;
import io.pipelinemedic.schemas.model.FailureClass;
import io.pipelinemedic.schemas.model.FileChange;
import io.pipelinemedic.schemas.model.FixOutcome;
import io.pipelinemedic.schemas.model.GitChange;
import io.pipelinemedic.schemas.model.NodeResult;
import io.pipelinemedic.schemas.model.RootCauseGroup;
import io.pipelinemedic.schemas.model.TestTally;
import io.pipelinemedic.schemas.model.Verification;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A verified recipe fix of scenario 03 as its pull request reads. */
class PullRequestTextTest {

  private static final String STATUS_TEST =
      "test.shop.accepted_values_stg_orders_status__placed__paid__shipped__delivered__returned__cancelled";
  private static final String ORDER_STATUS_TEST =
      "test.shop.accepted_values_fct_orders_order_status__placed__paid__shipped__delivered__returned__cancelled";

  static final RootCauseGroup GROUP =
      new RootCauseGroup(
          "g1",
          "model.shop.stg_orders",
          FailureClass.CODE,
          Action.RECIPE,
          DecisionRule.KB_ENTRY,
          0.9,
          "The KB entry \"A new order status\" matches and says CODE.",
          "test.accepted_values",
          List.of(STATUS_TEST),
          List.of(ORDER_STATUS_TEST),
          "new-order-status",
          null,
          null,
          List.of(
              new Evidence(
                  "query",
                  "12 rows of stg_orders have the status on_hold.",
                  "select status, count(*) from stg_orders group by 1",
                  null,
                  12L,
                  3L)),
          null);

  static final FixProposed FIX =
      new FixProposed(
          new Envelope(
              "e1", "inc-42", Instant.parse("2026-11-21T04:02:00Z"), 1, "agent-runner-service"),
          "g1",
          "model.shop.stg_orders",
          Action.RECIPE,
          FixOutcome.VERIFIED,
          null,
          new GitChange(
              "git@github.com:shop/analytics.git",
              "a".repeat(40),
              "medic/inc-42-g1",
              "b".repeat(40),
              null,
              List.of(
                  new FileChange("models/staging/shop/_shop__models.yml", 1, 1),
                  new FileChange("models/marts/_marts__models.yml", 1, 1))),
          "Added on_hold to the accepted values of stg_orders.status and fct_orders.order_status.",
          "new-order-status",
          new Verification(
              true,
              List.of("dbt", "build", "--select", "stg_orders+"),
              new TestTally(20, 0, 2, 0, 0),
              new TestTally(22, 0, 0, 0, 0),
              List.of(
                  new NodeResult("model.shop.stg_orders", "success", null),
                  new NodeResult(ORDER_STATUS_TEST, "pass", null)),
              null,
              31_000),
          List.of(),
          List.of(ORDER_STATUS_TEST),
          new AgentCost("recipe", 0, 0, 0, 0, 11_563),
          null,
          null,
          0.9);

  @Test
  void theTitleNamesTheModelAndTheFailure() {
    assertThat(PullRequestText.title(FIX, GROUP))
        .isEqualTo("Fix accepted_values failures in stg_orders");
  }

  @Test
  void theBodySaysWhatFailedWhyWhatChangedAndHowItWasVerified() {
    String body = PullRequestText.body(FIX, GROUP, "http://medic.local/incidents/inc-42");

    assertThat(body)
        .contains("## What failed\n- `" + STATUS_TEST + "`\n")
        .contains(
            "`model.shop.stg_orders` (CODE, decided by kb entry): The KB entry \"A new order status\" matches and says CODE.")
        .contains("- 12 rows of stg_orders have the status on_hold.\n  ```sql\n  select status")
        .contains("- `models/staging/shop/_shop__models.yml` +1 −1\n")
        .contains("Followed the KB entry `new-order-status`.")
        .contains("`dbt build --select stg_orders+` in a dev area of production")
        .contains("| before | 20 | 0 | 2 | 0 | 0 |\n| after | 22 | 0 | 0 | 0 | 0 |\n")
        .contains(
            "<details><summary>Every model and test the build ran after the fix (2)</summary>\n\n"
                + "- `model.shop.stg_orders`: success\n- `"
                + ORDER_STATUS_TEST
                + "`: pass\n")
        .contains("Also resolves, downstream:\n- `" + ORDER_STATUS_TEST + "`")
        .contains("recipe: $0.0000, 0 input and 0 output tokens, 0 turns, 11.6 s.")
        .endsWith(
            "Opened by Pipeline Medic for incident [inc-42](http://medic.local/incidents/inc-42)."
                + " It never merges: a person decides.\n");
  }
}
