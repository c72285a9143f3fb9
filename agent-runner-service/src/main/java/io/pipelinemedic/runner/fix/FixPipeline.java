package io.pipelinemedic.runner.fix;

import io.pipelinemedic.runner.report.SourceReports;
import io.pipelinemedic.runner.sandbox.Sandbox;
import io.pipelinemedic.schemas.Classified;
import io.pipelinemedic.schemas.Envelope;
import io.pipelinemedic.schemas.FixProposed;
import io.pipelinemedic.schemas.model.Action;
import io.pipelinemedic.schemas.model.FailureClass;
import io.pipelinemedic.schemas.model.FixOutcome;
import io.pipelinemedic.schemas.model.GitChange;
import io.pipelinemedic.schemas.model.GuardrailCheck;
import io.pipelinemedic.schemas.model.RootCauseGroup;
import io.pipelinemedic.schemas.model.Verification;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A CODE group from its decision to its outcome: a sandbox, the change (the KB recipe, the coding
 * agent, or the commit a runner pushed before), the guardrails on the diff, dbt's verification, and
 * only then the branch pushed. Any step that fails ends in a {@code fix.proposed} that says which
 * and why, never in a pushed branch. When another runner pushes the branch meanwhile, a fresh
 * sandbox resumes its commit, once.
 */
public final class FixPipeline {

  private final FixSteps steps;
  private final Clock clock;

  public FixPipeline(FixSteps steps, Clock clock) {
    this.steps = steps;
    this.clock = clock;
  }

  /** Fixes a RECIPE or AGENT group; the outcome to publish and where the time went. */
  public FixAttempt fix(Classified event, RootCauseGroup group)
      throws IOException, InterruptedException {
    if (group.failureClass() == FailureClass.SOURCE
        || (group.action() == Action.RECIPE && group.recipe() == null)
        || (group.action() != Action.RECIPE && group.action() != Action.AGENT)) {
      throw new IllegalArgumentException(group.groupId() + " is not a RECIPE or AGENT group");
    }
    Map<String, Long> millis = new LinkedHashMap<>();
    if (group.action() == Action.AGENT && !steps.agentConfigured()) {
      return new FixAttempt(
          failed(event, group, "no coding agent is configured for AGENT groups"), millis);
    }
    try {
      return inSandbox(event, group, millis);
    } catch (FixCommit.BranchTaken taken) {
      // the other runner's commit is the group's fix: a fresh sandbox finds it and resumes it
      try {
        return inSandbox(event, group, millis);
      } catch (FixCommit.BranchTaken again) {
        return new FixAttempt(
            failed(event, group, again.getMessage() + ", twice: given up to the other runners"),
            millis);
      }
    }
  }

  /** A failed attempt with {@code reason}, for a group no step could work on. */
  public FixProposed failed(Classified event, RootCauseGroup group, String reason) {
    return FixProposed.failed(envelope(event), group, reason, null, null, List.of(), null, null);
  }

  private FixAttempt inSandbox(Classified event, RootCauseGroup group, Map<String, Long> millis)
      throws IOException, InterruptedException {
    Sandbox sandbox = steps.prepare(event, group);
    boolean verified = false;
    try {
      FixAttempt attempt = attempt(event, group, sandbox, millis);
      verified = attempt.event().outcome() == FixOutcome.VERIFIED;
      return attempt;
    } finally {
      steps.finish(sandbox, verified);
    }
  }

  private FixAttempt attempt(
      Classified event, RootCauseGroup group, Sandbox sandbox, Map<String, Long> millis)
      throws IOException, InterruptedException {
    millis.put("clone", sandbox.cloneMillis());
    millis.put("data", sandbox.area().preparedMillis());
    long start = System.nanoTime();
    Verifier.Baseline before = steps.before(sandbox, event, group);
    millis.put("baseline", (System.nanoTime() - start) / 1_000_000);
    String pushedBefore = steps.pushedBefore(sandbox);

    start = System.nanoTime();
    FixChange change = steps.change(sandbox, event, group, pushedBefore);
    millis.put("fix", (System.nanoTime() - start) / 1_000_000);
    if (change.problem() != null) {
      return new FixAttempt(
          FixProposed.failed(
              envelope(event),
              group,
              change.problem(),
              change.summary(),
              null,
              List.of(),
              change.cost(),
              change.transcriptUri()),
          millis);
    }

    FixSteps.Guarded guarded = steps.guard(sandbox, change);
    if (!guarded.passed()) {
      return new FixAttempt(
          FixProposed.rejected(
              envelope(event),
              group,
              failedChecks(guarded.checks()),
              change.summary(),
              guarded.checks(),
              change.cost(),
              change.transcriptUri()),
          millis);
    }

    start = System.nanoTime();
    Verifier.Verdict verdict = steps.verify(sandbox, group, before);
    millis.put("verification", (System.nanoTime() - start) / 1_000_000);
    if (!verdict.verification().passed()) {
      return new FixAttempt(
          FixProposed.failed(
              envelope(event),
              group,
              verdict.reason(),
              change.summary(),
              verdict.verification(),
              guarded.checks(),
              change.cost(),
              change.transcriptUri()),
          millis);
    }

    start = System.nanoTime();
    GitChange pushed;
    try {
      pushed = steps.push(sandbox, event, group, change, guarded, pushedBefore);
    } catch (FixCommit.ChangedAfterCheck unchecked) {
      return new FixAttempt(
          FixProposed.failed(
              envelope(event),
              group,
              unchecked.getMessage(),
              change.summary(),
              null,
              guarded.checks(),
              change.cost(),
              change.transcriptUri()),
          millis);
    }
    millis.put("push", (System.nanoTime() - start) / 1_000_000);
    return new FixAttempt(
        FixProposed.verified(
            envelope(event),
            group,
            pushed,
            change.summary(),
            verdict.verification(),
            guarded.checks(),
            resolved(group, verdict.verification()),
            change.cost(),
            change.transcriptUri()),
        millis);
  }

  private Envelope envelope(Classified event) {
    return Envelope.create(event.envelope().incidentId(), SourceReports.PRODUCER, clock.instant());
  }

  /** The group's cascades that pass after the fix. */
  private static List<String> resolved(RootCauseGroup group, Verification verification) {
    Set<String> passing =
        verification.results().stream()
            .filter(r -> Set.of("pass", "success").contains(r.status()))
            .map(r -> Verifier.identity(r.uniqueId()))
            .collect(Collectors.toSet());
    return group.cascades().stream().filter(c -> passing.contains(Verifier.identity(c))).toList();
  }

  /** The group's failures, roots first, then cascades. */
  static List<String> allFailures(RootCauseGroup group) {
    List<String> ids = new ArrayList<>(group.failures());
    ids.addAll(group.cascades());
    return ids;
  }

  private static String failedChecks(List<GuardrailCheck> checks) {
    return checks.stream()
        .filter(check -> !check.passed())
        .map(check -> check.name() + ": " + check.reason())
        .collect(Collectors.joining("; "));
  }
}
