package io.pipelinemedic.publisher;

import io.pipelinemedic.schemas.Classified;
import io.pipelinemedic.schemas.ContextReady;
import io.pipelinemedic.schemas.Envelope;
import io.pipelinemedic.schemas.FixProposed;
import io.pipelinemedic.schemas.PipelineEvent;
import io.pipelinemedic.schemas.RunFailed;
import io.pipelinemedic.schemas.SourceReported;
import io.pipelinemedic.schemas.model.Action;
import io.pipelinemedic.schemas.model.AgentCost;
import io.pipelinemedic.schemas.model.DecisionRule;
import io.pipelinemedic.schemas.model.EmailDraft;
import io.pipelinemedic.schemas.model.Evidence;
import io.pipelinemedic.schemas.model.Failure;
import io.pipelinemedic.schemas.model.FailureClass;
import io.pipelinemedic.schemas.model.FileChange;
import io.pipelinemedic.schemas.model.FixOutcome;
import io.pipelinemedic.schemas.model.GitChange;
import io.pipelinemedic.schemas.model.KbMatch;
import io.pipelinemedic.schemas.model.Layer;
import io.pipelinemedic.schemas.model.LineageNode;
import io.pipelinemedic.schemas.model.NodeResult;
import io.pipelinemedic.schemas.model.Owner;
import io.pipelinemedic.schemas.model.RootCauseGroup;
import io.pipelinemedic.schemas.model.RunRef;
import io.pipelinemedic.schemas.model.RunSource;
import io.pipelinemedic.schemas.model.TestKind;
import io.pipelinemedic.schemas.model.TestTally;
import io.pipelinemedic.schemas.model.Verification;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A night with two root causes as the page shows it: a new order status fixed by the KB recipe (its
 * diff in the artifact store, its verification) and duplicates in the vendor's feed (the report
 * with a query's rows and the email); each text an event may carry can be replaced, so that a test
 * can put markup in it.
 */
final class PageNight {

  static final String STATUS_TEST = "test.shop.accepted_values_stg_orders_status.1a2b3c";
  static final String UNIQUE_TEST = "test.shop.unique_stg_order_lines_order_line_id.4d5e6f";
  static final String CASCADE_TEST = "test.shop.relationships_fct_orders_order_id.7a8b9c";
  static final List<String> RECIPE_SLICE =
      List.of(
          "model.shop.stg_orders",
          STATUS_TEST,
          "model.shop.int_orders_enriched",
          "model.shop.fct_orders",
          CASCADE_TEST);

  final String incident = "inc-" + UUID.randomUUID();
  Instant at = Instant.now();
  String job = "shop nightly";
  String message = "Got 1 result, configured to fail if != 0";
  String kbTitle = "A new order status";
  String reason = "The KB entry new-order-status matches and says CODE.";
  String failingRow = "OL-1001";
  String emailBody = "Hello, last night's order lines file lists 14 lines twice.";
  String addedLine = "          - on_hold";

  private final Owner commerce = new Owner("Commerce analytics", "commerce@shop.example", null);

  RunRef run() {
    return new RunRef(
        "dbt-core",
        null,
        "shop",
        null,
        "production",
        "nightly",
        job,
        "run-" + incident,
        "Error",
        20,
        null,
        null,
        at.minusSeconds(60),
        at,
        "1.10.4",
        "a".repeat(40),
        "main");
  }

  /**
   * The night's events in the order the pipeline makes them, the diff written beneath {@code
   * store}.
   */
  List<PipelineEvent> events(Path store) throws IOException {
    Path diff = store.resolve(incident).resolve("g1/fix.diff").toAbsolutePath();
    Files.createDirectories(diff.getParent());
    Files.writeString(
        diff,
        "diff --git a/models/staging/_models.yml b/models/staging/_models.yml\n"
            + "--- a/models/staging/_models.yml\n+++ b/models/staging/_models.yml\n"
            + "@@ -12,3 +12,4 @@ models:\n           - shipped\n           - delivered\n"
            + "-          - returned\n+          - returned\n+"
            + addedLine
            + "\n");
    List<Failure> failures =
        List.of(
            failure(
                STATUS_TEST,
                "accepted_values_stg_orders_status",
                "accepted_values",
                "model.shop.stg_orders"),
            failure(
                UNIQUE_TEST,
                "unique_stg_order_lines_order_line_id",
                "unique",
                "model.shop.stg_order_lines"),
            failure(
                CASCADE_TEST,
                "relationships_fct_orders_order_id",
                "relationships",
                "model.shop.fct_orders"));
    List<LineageNode> lineage =
        List.of(
            node("source.shop.raw.orders", "source", Layer.SOURCE),
            node("source.shop.vendor.order_lines", "source", Layer.SOURCE),
            node("model.shop.stg_customers", "model", Layer.STAGING),
            node("model.shop.stg_orders", "model", Layer.STAGING, "source.shop.raw.orders"),
            node(
                "model.shop.stg_order_lines",
                "model",
                Layer.STAGING,
                "source.shop.vendor.order_lines"),
            node(
                "model.shop.int_orders_enriched",
                "model",
                Layer.INTERMEDIATE,
                "model.shop.stg_orders"),
            node(
                "model.shop.fct_orders",
                "model",
                Layer.MART,
                "model.shop.int_orders_enriched",
                "model.shop.stg_customers"));
    RootCauseGroup recipe =
        new RootCauseGroup(
            "g1",
            "model.shop.stg_orders",
            FailureClass.CODE,
            Action.RECIPE,
            DecisionRule.KB_ENTRY,
            0.9,
            reason,
            "test.accepted_values",
            List.of(STATUS_TEST),
            List.of(CASCADE_TEST),
            "new-order-status",
            null,
            null,
            List.of(),
            commerce);
    RootCauseGroup source =
        new RootCauseGroup(
            "g2",
            "source.shop.vendor.order_lines",
            FailureClass.SOURCE,
            Action.REPORT,
            DecisionRule.DIAGNOSTICS,
            0.85,
            "The vendor's feed holds order lines twice.",
            "test.unique",
            List.of(UNIQUE_TEST),
            List.of(),
            null,
            null,
            null,
            List.of(),
            commerce);
    Verification verification =
        new Verification(
            true,
            List.of("dbt", "build", "--select", "stg_orders+"),
            new TestTally(20, 0, 1, 0, 2),
            new TestTally(23, 0, 0, 0, 0),
            List.of(
                new NodeResult(STATUS_TEST, "pass", null),
                new NodeResult(CASCADE_TEST, "pass", null)),
            null,
            7_400);
    return List.of(
        new RunFailed(
            envelope("ingest-service", 0),
            RunSource.DBT_CORE,
            "delivery-" + incident,
            "run.failed",
            true,
            run(),
            null,
            null,
            List.of()),
        new ContextReady(
            envelope("context-service", 2),
            RunSource.DBT_CORE,
            run(),
            null,
            List.of(),
            failures,
            lineage,
            List.of("model.shop.int_orders_enriched")),
        new Classified(
            envelope("classifier-service", 3),
            run(),
            failures,
            lineage,
            List.of(recipe, source),
            null),
        new FixProposed(
            envelope("agent-runner-service", 20),
            "g1",
            recipe.rootCauseNode(),
            Action.RECIPE,
            FixOutcome.VERIFIED,
            null,
            new GitChange(
                "file:///analytics.git",
                "a".repeat(40),
                "medic/" + incident + "-g1",
                "b".repeat(40),
                diff.toUri().toString(),
                List.of(new FileChange("models/staging/_models.yml", 2, 1))),
            "Added on_hold to the accepted values of stg_orders.status.",
            "new-order-status",
            verification,
            List.of(),
            List.of(CASCADE_TEST),
            new AgentCost("recipe", 0, 0, 0, 0, 1_200),
            null,
            commerce,
            0.9),
        new SourceReported(
            envelope("agent-runner-service", 21),
            "g2",
            source.rootCauseNode(),
            "vendor.order_lines",
            "The vendor's order_lines feed holds 14 order lines twice.",
            List.of(
                new Evidence(
                    "diagnostic_query",
                    "Order lines that appear more than once",
                    "select order_line_id, count(*) from vendor.order_lines group by 1 having count(*) > 1",
                    "{\"columns\":[\"order_line_id\",\"count\"],\"rows\":[[\""
                        + failingRow.replace("\"", "\\\"")
                        + "\",2]],\"truncated\":false}",
                    1L,
                    6L)),
            commerce,
            List.of("Ask the vendor to resend the file without duplicates."),
            new EmailDraft("commerce@shop.example", "Duplicate order lines", emailBody),
            List.of(),
            null));
  }

  private Failure failure(String id, String name, String testName, String attached) {
    return new Failure(
        id,
        "test",
        name,
        testName,
        TestKind.GENERIC,
        "fail",
        message,
        1L,
        null,
        null,
        "models/_models.yml",
        null,
        "status",
        Map.of(),
        "error",
        attached,
        commerce,
        List.of(id, attached),
        List.of(),
        List.of(new KbMatch("new-order-status", 1, kbTitle, "test_name")));
  }

  /** A node as the run's lineage has it: models and sources, its tests only as failures. */
  private static LineageNode node(String id, String type, Layer layer, String... parents) {
    return new LineageNode(id, type, layer, id, null, List.of(parents), false, null);
  }

  private Envelope envelope(String producer, long seconds) {
    return new Envelope(
        UUID.randomUUID().toString(),
        incident,
        at.plusSeconds(seconds),
        Envelope.SCHEMA_VERSION,
        producer);
  }
}
