package io.pipelinemedic.runner.fix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pipelinemedic.runner.sandbox.GitRemote;
import io.pipelinemedic.runner.sandbox.Sandbox;
import io.pipelinemedic.runner.warehouse.DuckDbDevArea;
import io.pipelinemedic.schemas.Classified;
import io.pipelinemedic.schemas.Envelope;
import io.pipelinemedic.schemas.FixProposed;
import io.pipelinemedic.schemas.model.Action;
import io.pipelinemedic.schemas.model.AgentCost;
import io.pipelinemedic.schemas.model.DecisionRule;
import io.pipelinemedic.schemas.model.FailureClass;
import io.pipelinemedic.schemas.model.FileChange;
import io.pipelinemedic.schemas.model.FixOutcome;
import io.pipelinemedic.schemas.model.GitChange;
import io.pipelinemedic.schemas.model.GuardrailCheck;
import io.pipelinemedic.schemas.model.NodeResult;
import io.pipelinemedic.schemas.model.Recipe;
import io.pipelinemedic.schemas.model.RootCauseGroup;
import io.pipelinemedic.schemas.model.TestTally;
import io.pipelinemedic.schemas.model.Verification;
import io.pipelinemedic.testsupport.TestRuns;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.Test;

/**
 * The pipeline's decisions, step by step, with steps that answer as told: which outcome each step's
 * result leads to, what the event says, what becomes of the sandbox, and the one retry when another
 * runner takes the branch.
 */
class FixPipelineTest {

  private static final Instant NOW = Instant.parse("2026-11-21T05:00:00Z");
  private static final AgentCost RECIPE_COST = new AgentCost("recipe", 0, 0, 0, 0, 12);

  private final Steps steps = new Steps();
  private final FixPipeline pipeline = new FixPipeline(steps, Clock.fixed(NOW, ZoneOffset.UTC));

  @Test
  void aChangeThatHoldsIsPushedAndReportedVerifiedWithTheCascadesItResolved() throws Exception {
    FixProposed fix = pipeline.fix(event(), group(Action.RECIPE)).event();

    assertThat(fix.outcome()).isEqualTo(FixOutcome.VERIFIED);
    assertThat(fix.outcomeReason()).isNull();
    assertThat(fix.change().commitSha()).isEqualTo("c0ffee");
    assertThat(fix.summary()).isEqualTo("Added on_hold.");
    assertThat(fix.cascadesResolved())
        .containsExactly(
            "test.shop.accepted_values_fct_orders_status.1", "test.shop.unique_fct_orders.2");
    assertThat(fix.cost()).isEqualTo(RECIPE_COST);
    assertThat(fix.kbEntryId()).isEqualTo("new-order-status");
    assertThat(fix.envelope().occurredAt()).isEqualTo(NOW);
    assertThat(fix.envelope().incidentId()).isEqualTo("inc-1");
    assertThat(steps.calls)
        .containsExactly(
            "prepare", "before", "change", "guard", "verify", "push", "finish verified");
  }

  @Test
  void anAgentGroupWithoutAnAgentFailsBeforeAnySandboxIsMade() throws Exception {
    steps.agent = false;

    FixProposed fix = pipeline.fix(event(), group(Action.AGENT)).event();

    assertThat(fix.outcome()).isEqualTo(FixOutcome.FIX_FAILED);
    assertThat(fix.outcomeReason()).isEqualTo("no coding agent is configured for AGENT groups");
    assertThat(steps.calls).isEmpty();
  }

  @Test
  void aChangeStepThatMadeNothingIsAFailedAttemptAndNothingIsChecked() throws Exception {
    steps.change = FixChange.failed("the recipe failed: no failing values", RECIPE_COST);

    FixProposed fix = pipeline.fix(event(), group(Action.RECIPE)).event();

    assertThat(fix.outcome()).isEqualTo(FixOutcome.FIX_FAILED);
    assertThat(fix.outcomeReason()).isEqualTo("the recipe failed: no failing values");
    assertThat(fix.change()).isNull();
    assertThat(fix.verification()).isNull();
    assertThat(steps.calls).containsExactly("prepare", "before", "change", "finish failed");
  }

  @Test
  void aChangeTheGuardrailsRefuseIsRejectedWithTheChecksThatFailed() throws Exception {
    steps.checks =
        List.of(
            new GuardrailCheck("sandbox_profile_unchanged", true, null),
            new GuardrailCheck("allowed_paths", false, "profiles.yml is not an allowed path"),
            new GuardrailCheck("max_changed_lines", false, "300 lines changed, at most 200"));

    FixProposed fix = pipeline.fix(event(), group(Action.AGENT)).event();

    assertThat(fix.outcome()).isEqualTo(FixOutcome.GUARDRAIL_REJECTED);
    assertThat(fix.outcomeReason())
        .isEqualTo(
            "allowed_paths: profiles.yml is not an allowed path; "
                + "max_changed_lines: 300 lines changed, at most 200");
    assertThat(fix.guardrails()).hasSize(3);
    assertThat(steps.calls)
        .containsExactly("prepare", "before", "change", "guard", "finish failed");
  }

  @Test
  void aChangeDbtDoesNotVerifyIsAFailedVerificationAndIsNotPushed() throws Exception {
    steps.problems = List.of("test.shop.accepted_values_stg_orders_status.1 still fail");

    FixProposed fix = pipeline.fix(event(), group(Action.RECIPE)).event();

    assertThat(fix.outcome()).isEqualTo(FixOutcome.VERIFICATION_FAILED);
    assertThat(fix.outcomeReason())
        .isEqualTo("test.shop.accepted_values_stg_orders_status.1 still fail");
    assertThat(fix.verification().passed()).isFalse();
    assertThat(fix.cascadesResolved()).isEmpty();
    assertThat(fix.change()).isNull();
    assertThat(steps.calls).doesNotContain("push").endsWith("finish failed");
  }

  @Test
  void aBranchAnotherRunnerTookIsResumedInAFreshSandboxOnce() throws Exception {
    steps.branchTaken = 1;

    FixProposed fix = pipeline.fix(event(), group(Action.RECIPE)).event();

    assertThat(fix.outcome()).isEqualTo(FixOutcome.VERIFIED);
    assertThat(steps.calls).filteredOn("prepare"::equals).hasSize(2);
    assertThat(steps.calls)
        .containsSubsequence("push", "finish failed", "prepare", "push", "finish verified");
  }

  @Test
  void aBranchTakenTwiceIsGivenUpWithTheReason() throws Exception {
    steps.branchTaken = 5;

    FixProposed fix = pipeline.fix(event(), group(Action.RECIPE)).event();

    assertThat(fix.outcome()).isEqualTo(FixOutcome.FIX_FAILED);
    assertThat(fix.outcomeReason())
        .isEqualTo(
            "medic/inc-1-g1 was pushed by another runner meanwhile, twice: given up to the other"
                + " runners");
    assertThat(steps.calls).filteredOn("prepare"::equals).hasSize(2);
  }

  @Test
  void onlyRecipeAndAgentGroupsAreFixed() {
    RootCauseGroup source =
        new RootCauseGroup(
            "g1",
            "source.shop.shop.orders",
            FailureClass.SOURCE,
            Action.REPORT,
            DecisionRule.DIAGNOSTICS,
            0.8,
            "Nulls arrive.",
            null,
            List.of("t1"),
            List.of(),
            null,
            null,
            null,
            List.of(),
            null);

    assertThatThrownBy(() -> pipeline.fix(event(), source))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(steps.calls).isEmpty();
  }

  private static Classified event() {
    return new Classified(
        new Envelope("e1", "inc-1", NOW, Envelope.SCHEMA_VERSION, "classifier-service"),
        TestRuns.shopNightly("run-1", "base"),
        List.of(),
        List.of(),
        List.of(),
        null);
  }

  private static RootCauseGroup group(Action action) {
    return new RootCauseGroup(
        "g1",
        "model.shop.stg_orders",
        FailureClass.CODE,
        action,
        DecisionRule.KB_ENTRY,
        0.9,
        "The KB entry decides.",
        null,
        List.of("test.shop.accepted_values_stg_orders_status.1"),
        List.of("test.shop.accepted_values_fct_orders_status.1", "test.shop.unique_fct_orders.2"),
        "new-order-status",
        new Recipe.AddAcceptedValues("status"),
        null,
        List.of(),
        null);
  }

  /** Steps that record their calls and answer as the test sets them. */
  private static final class Steps implements FixSteps {

    final List<String> calls = new ArrayList<>();
    boolean agent = true;
    FixChange change = new FixChange(null, "Added on_hold.", Set.of("on_hold"), RECIPE_COST, null);
    List<GuardrailCheck> checks = List.of(new GuardrailCheck("allowed_paths", true, null));
    List<String> problems = List.of();
    int branchTaken;

    @Override
    public boolean agentConfigured() {
      return agent;
    }

    @Override
    public Sandbox prepare(Classified event, RootCauseGroup group) {
      calls.add("prepare");
      Path root = Path.of("sandbox-" + calls.size());
      return new Sandbox(
          root,
          new GitRemote(root.toString(), null),
          root.resolve("project"),
          root,
          new DuckDbDevArea(root, root, Map.of(), Optional.empty(), 4),
          "",
          3);
    }

    @Override
    public Verifier.Baseline before(Sandbox sandbox, Classified event, RootCauseGroup group) {
      calls.add("before");
      return new Verifier.Baseline(List.of(), Set.of(), 5);
    }

    @Override
    public String pushedBefore(Sandbox sandbox) {
      return null;
    }

    @Override
    public FixChange change(
        Sandbox sandbox, Classified event, RootCauseGroup group, String pushedBefore) {
      calls.add("change");
      return change;
    }

    @Override
    public Guarded guard(Sandbox sandbox, FixChange change) {
      calls.add("guard");
      return new Guarded(
          new FixCommit.Staged(List.of(), List.of(), "", ObjectId.zeroId(), List.of()), checks);
    }

    @Override
    public Verifier.Verdict verify(
        Sandbox sandbox, RootCauseGroup group, Verifier.Baseline before) {
      calls.add("verify");
      Verification verification =
          new Verification(
              problems.isEmpty(),
              List.of("dbt", "build"),
              new TestTally(3, 0, 2, 0, 0),
              new TestTally(problems.isEmpty() ? 5 : 4, 0, problems.isEmpty() ? 0 : 1, 0, 0),
              List.of(
                  new NodeResult("test.shop.accepted_values_fct_orders_status.1", "pass", null),
                  new NodeResult(
                      "test.shop.unique_fct_orders.2", problems.isEmpty() ? "pass" : "fail", null)),
              null,
              10);
      return new Verifier.Verdict(verification, problems);
    }

    @Override
    public GitChange push(
        Sandbox sandbox,
        Classified event,
        RootCauseGroup group,
        FixChange change,
        Guarded guarded,
        String pushedBefore)
        throws IOException {
      calls.add("push");
      if (branchTaken-- > 0) {
        throw new FixCommit.BranchTaken("medic/inc-1-g1");
      }
      return new GitChange(
          "remote",
          "base",
          "medic/inc-1-g1",
          "c0ffee",
          "file:///diff",
          List.of(new FileChange("models/staging/_models.yml", 1, 1)));
    }

    @Override
    public void finish(Sandbox sandbox, boolean verified) {
      calls.add(verified ? "finish verified" : "finish failed");
    }
  }
}
