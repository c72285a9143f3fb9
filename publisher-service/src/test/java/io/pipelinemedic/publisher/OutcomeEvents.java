package io.pipelinemedic.publisher;

import io.pipelinemedic.schemas.Classified;
import io.pipelinemedic.schemas.Envelope;
import io.pipelinemedic.schemas.FixProposed;
import io.pipelinemedic.schemas.SourceReported;
import io.pipelinemedic.schemas.model.Action;
import io.pipelinemedic.schemas.model.AgentCost;
import io.pipelinemedic.schemas.model.DecisionRule;
import io.pipelinemedic.schemas.model.EmailDraft;
import io.pipelinemedic.schemas.model.Evidence;
import io.pipelinemedic.schemas.model.FailureClass;
import io.pipelinemedic.schemas.model.FileChange;
import io.pipelinemedic.schemas.model.FixOutcome;
import io.pipelinemedic.schemas.model.GitChange;
import io.pipelinemedic.schemas.model.Owner;
import io.pipelinemedic.schemas.model.RootCauseGroup;
import io.pipelinemedic.schemas.model.TestTally;
import io.pipelinemedic.schemas.model.Verification;
import io.pipelinemedic.testsupport.TestRuns;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Outcome events of the example scenarios as the pipeline produces them, for one incident. */
public final class OutcomeEvents {

  public static final Owner COMMERCE =
      new Owner("Commerce analytics", "commerce-data@shop.example", "commerce");
  public static final String STATUS_TEST =
      "test.shop.accepted_values_stg_orders_status__placed__paid__shipped__delivered__returned__cancelled";

  private OutcomeEvents() {}

  /** Scenario 03's root cause: a new order status, fixed by the KB recipe. */
  public static RootCauseGroup newOrderStatus() {
    return new RootCauseGroup(
        "g1",
        "model.shop.stg_orders",
        FailureClass.CODE,
        Action.RECIPE,
        DecisionRule.KB_ENTRY,
        0.9,
        "The KB entry \"A new order status\" matches and says CODE.",
        "test.accepted_values",
        List.of(STATUS_TEST),
        List.of(),
        "new-order-status",
        null,
        null,
        List.of(),
        COMMERCE);
  }

  /** Scenario 02's root cause: the vendor sent duplicate order lines. */
  public static RootCauseGroup vendorDuplicates() {
    return new RootCauseGroup(
        "g2",
        "source.shop.vendor.order_lines",
        FailureClass.SOURCE,
        Action.REPORT,
        DecisionRule.KB_ENTRY,
        0.95,
        "The KB entry \"Vendor duplicate order lines\" matches and says SOURCE.",
        "test.unique",
        List.of("test.shop.unique_stg_order_lines_order_line_id"),
        List.of("test.shop.unique_fct_order_lines_order_line_id"),
        "vendor-duplicate-order-lines",
        null,
        null,
        List.of(),
        COMMERCE);
  }

  /** Scenario 08's root cause: the FX database was locked. */
  public static RootCauseGroup databaseLock() {
    return new RootCauseGroup(
        "g1",
        "model.shop.stg_fx_rates",
        FailureClass.TRANSIENT,
        Action.NONE,
        DecisionRule.TRANSIENT_CATALOGUE,
        0.95,
        "The database file was locked by another process.",
        "infra.lock",
        List.of("model.shop.stg_fx_rates"),
        List.of(),
        null,
        null,
        null,
        List.of(),
        null);
  }

  public static Classified classified(String incident, RootCauseGroup... groups) {
    return new Classified(
        envelope(incident, "classifier-service"),
        TestRuns.shopNightly("run-" + incident, "a".repeat(40)),
        List.of(),
        List.of(),
        List.of(groups),
        null);
  }

  /** The recipe's verified fix of {@link #newOrderStatus()} on {@code medic/<incident>-g1}. */
  public static FixProposed verifiedFix(String incident) {
    return new FixProposed(
        envelope(incident, "agent-runner-service"),
        "g1",
        "model.shop.stg_orders",
        Action.RECIPE,
        FixOutcome.VERIFIED,
        null,
        new GitChange(
            "file:///analytics.git",
            "a".repeat(40),
            branch(incident),
            "b".repeat(40),
            null,
            List.of(new FileChange("models/staging/shop/_shop__models.yml", 1, 1))),
        "Added on_hold to the accepted values of stg_orders.status.",
        "new-order-status",
        new Verification(
            true,
            List.of("dbt", "build", "--select", "stg_orders+"),
            new TestTally(20, 0, 1, 0, 0),
            new TestTally(21, 0, 0, 0, 0),
            List.of(),
            null,
            17_400),
        List.of(),
        List.of(),
        new AgentCost("recipe", 0, 0, 0, 0, 11_600),
        null,
        COMMERCE,
        0.9);
  }

  public static String branch(String incident) {
    return "medic/" + incident + "-g1";
  }

  /** The root-cause report of {@link #vendorDuplicates()}, with its email draft. */
  public static SourceReported vendorReport(String incident) {
    return new SourceReported(
        envelope(incident, "agent-runner-service"),
        "g2",
        "source.shop.vendor.order_lines",
        "vendor.order_lines",
        "The vendor's order_lines feed holds 14 order lines twice.",
        List.of(
            new Evidence(
                "query",
                "14 order_line_id values appear more than once in vendor.order_lines.",
                "select order_line_id, count(*) from vendor.order_lines group by 1 having count(*) > 1",
                "order_line_id | count\nOL-1001 | 2",
                14L,
                6L)),
        COMMERCE,
        List.of("Ask the vendor to resend the file without duplicates."),
        new EmailDraft(
            "commerce-data@shop.example",
            "Duplicate order lines in last night's vendor file",
            "Hello, last night's order lines file from the vendor lists 14 lines twice."),
        List.of("test.shop.unique_fct_order_lines_order_line_id"),
        "file:///artifacts/" + incident + "/report-g2.md");
  }

  public static Envelope envelope(String incident, String producer) {
    return new Envelope(
        UUID.randomUUID().toString(), incident, Instant.now(), Envelope.SCHEMA_VERSION, producer);
  }
}
