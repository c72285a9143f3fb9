package io.pipelinemedic.runner.fix;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipelinemedic.artifacts.NodeResult;
import io.pipelinemedic.dbt.DbtResult;
import io.pipelinemedic.runner.sandbox.DevDbt;
import io.pipelinemedic.schemas.model.TestTally;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The verdict on a fix: only a build after it that proves every node it ran is a verified fix,
 * whatever those nodes were before; and node identities across a fix.
 */
class VerifierTest {

  private static final String STAGING =
      "test.shop.accepted_values_stg_orders_status__placed__paid.a619e14130";
  private static final String STAGING_FIXED =
      "test.shop.accepted_values_stg_orders_status__placed__paid__on_hold.0b1c2d3e4f";
  private static final String MART =
      "test.shop.accepted_values_fct_orders_order_status__placed__paid.1b2c3d4e5f";

  @Test
  void aBuildThatProvesEveryNodeIsAVerifiedFix() {
    Verifier.Verdict verdict =
        Verifier.judge(
            before(1, node(STAGING, "fail"), node("model.shop.fct_orders", "skipped")),
            build(
                0,
                node("model.shop.stg_orders", "success"),
                node(STAGING_FIXED, "pass"),
                node("model.shop.fct_orders", "success"),
                node(MART, "pass")),
            List.of(STAGING));

    assertThat(verdict.problems()).isEmpty();
    assertThat(verdict.verification().passed()).isTrue();
    assertThat(verdict.verification().results()).hasSize(4);
    assertThat(verdict.verification().before()).isEqualTo(new TestTally(0, 0, 1, 0, 1));
    assertThat(verdict.verification().after()).isEqualTo(new TestTally(4, 0, 0, 0, 0));
  }

  @Test
  void aTestSkippedBeforeTheFixThatFailsAfterItIsNoFix() {
    Verifier.Verdict verdict =
        Verifier.judge(
            before(1, node(STAGING, "fail"), node(MART, "skipped")),
            build(1, node(STAGING_FIXED, "pass"), node(MART, "fail", "1 row")),
            List.of(STAGING));

    assertThat(verdict.verification().passed()).isFalse();
    assertThat(verdict.reason()).isEqualTo(MART + " fail after the change (skipped before): 1 row");
  }

  @Test
  void aWarningASkipOrAnErrorAfterTheFixIsNoFixWhateverItWasBefore() {
    Verifier.Verdict verdict =
        Verifier.judge(
            before(1, node(STAGING, "fail"), node(MART, "warn"), node("model.shop.x", "error")),
            build(
                1,
                node(STAGING_FIXED, "pass"),
                node(MART, "warn", "2 rows"),
                node("model.shop.x", "error"),
                node("model.shop.y", "skipped")),
            List.of(STAGING));

    assertThat(verdict.problems())
        .containsExactly(
            MART + " warn after the change (warn before): 2 rows",
            "model.shop.x error after the change (error before)",
            "model.shop.y skipped after the change");
    assertThat(verdict.verification().after()).isEqualTo(new TestTally(1, 1, 0, 1, 1));
  }

  @Test
  void aFailureOfTheGroupTheBuildDidNotRunIsNoFix() {
    Verifier.Verdict verdict =
        Verifier.judge(
            before(1, node(STAGING, "fail")),
            build(0, node("model.shop.stg_orders", "success")),
            List.of(STAGING));

    assertThat(verdict.reason()).isEqualTo(STAGING + " was not part of the verification build");
  }

  @Test
  void aNodeTheChangeTookOutOfTheSelectionIsNoFix() {
    Verifier.Verdict verdict =
        Verifier.judge(
            before(1, node(STAGING, "fail"), node(MART, "skipped")),
            build(0, node(STAGING_FIXED, "pass")),
            List.of(STAGING));

    assertThat(verdict.reason())
        .isEqualTo(MART + " was selected before the change and not after it");
  }

  @Test
  void theFailedRunsResultsAreTheBaselineAndEverySelectedNodeMustStillBeBuilt() {
    // the job did not run the mart's test; dbt selected it at the run's commit all the same
    Verifier.Baseline run =
        new Verifier.Baseline(
            List.of(node(STAGING, "fail"), node("model.shop.fct_orders", "skipped")),
            Set.of(STAGING, "model.shop.fct_orders", MART),
            40);

    Verifier.Verdict tookOut =
        Verifier.judge(
            run,
            build(0, node(STAGING_FIXED, "pass"), node("model.shop.fct_orders", "success")),
            List.of(STAGING));
    Verifier.Verdict proven =
        Verifier.judge(
            run,
            build(
                0,
                node(STAGING_FIXED, "pass"),
                node("model.shop.fct_orders", "success"),
                node(MART, "pass")),
            List.of(STAGING));

    assertThat(tookOut.reason())
        .isEqualTo(MART + " was selected before the change and not after it");
    assertThat(proven.problems()).isEmpty();
    assertThat(proven.verification().before()).isEqualTo(new TestTally(0, 0, 1, 0, 1));
    assertThat(proven.verification().durationMs()).isEqualTo(140);
  }

  @Test
  void aBuildThatRanNothingOrThatDbtEndedBadlyIsNoFix() {
    assertThat(Verifier.judge(before(1), build(0), List.of()).reason())
        .isEqualTo("the verification ran no node");
    assertThat(
            Verifier.judge(before(1), build(2, node("model.shop.stg_orders", "success")), List.of())
                .reason())
        .isEqualTo("dbt build exited with 2");
  }

  @Test
  void theRunItselfIsProvenOnlyByAWholeBuildThatEndsWell() {
    String run = "invocation.subscriptions";
    DevDbt.Build depsFailed =
        new DevDbt.Build(
            new DbtResult(
                List.of("dbt", "deps", "--project-dir", "/p"),
                2,
                false,
                "04:00:01  Running with dbt=1.11.0\n04:00:02  Encountered an error:\nRuntime"
                    + " Error\n  No dbt_project.yml found at expected path"
                    + " /p/packages/billing-utils/dbt_project.yml\n",
                "",
                Duration.ofMillis(900)),
            List.of());

    assertThat(Verifier.selection(run)).as("the whole project").isEmpty();
    assertThat(Verifier.judge(Verifier.Baseline.of(depsFailed), depsFailed, List.of(run)).reason())
        .isEqualTo(
            "the verification ran no node (dbt deps exited with 2: Runtime Error No"
                + " dbt_project.yml found at expected path"
                + " /p/packages/billing-utils/dbt_project.yml)");
    assertThat(
            Verifier.judge(
                    Verifier.Baseline.of(depsFailed),
                    build(0, node("model.s.stg", "success")),
                    List.of(run))
                .problems())
        .isEmpty();
    assertThat(
            Verifier.judge(
                    Verifier.Baseline.of(depsFailed),
                    build(1, node("model.s.stg", "success")),
                    List.of(run))
                .reason())
        .isEqualTo("dbt build exited with 1");
  }

  @Test
  void aGenericTestKeepsItsIdentityWhenItsArgumentsChange() {
    assertThat(Verifier.identity(STAGING))
        .isEqualTo(Verifier.identity(STAGING_FIXED))
        .isEqualTo("test.shop.accepted_values_stg_orders_status");
  }

  @Test
  void otherNodesAreThemselves() {
    assertThat(Verifier.identity("test.shop.not_null_stg_orders_order_id.6b9e3a1f20"))
        .isEqualTo("test.shop.not_null_stg_orders_order_id");
    assertThat(Verifier.identity("test.shop.assert_product_line_revenue_reconciles"))
        .isEqualTo("test.shop.assert_product_line_revenue_reconciles");
    assertThat(Verifier.identity("model.shop.stg_orders")).isEqualTo("model.shop.stg_orders");
    assertThat(Verifier.identity("test.shop.not_null_stg_orders_order_id.6b9e3a1f20"))
        .isNotEqualTo(Verifier.identity("test.shop.not_null_stg_orders_customer_id.6b9e3a1f21"));
  }

  private static Verifier.Baseline before(int exitCode, NodeResult... nodes) {
    return Verifier.Baseline.of(build(exitCode, nodes));
  }

  private static DevDbt.Build build(int exitCode, NodeResult... nodes) {
    return new DevDbt.Build(
        new DbtResult(List.of("dbt", "build"), exitCode, false, "", "", Duration.ofMillis(100)),
        List.of(nodes));
  }

  private static NodeResult node(String id, String status) {
    return node(id, status, null);
  }

  private static NodeResult node(String id, String status, String message) {
    return new NodeResult(id, status, message, null, null, null);
  }
}
