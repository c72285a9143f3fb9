package io.pipelinemedic.runner.fix;

import io.pipelinemedic.runner.sandbox.Sandbox;
import io.pipelinemedic.schemas.Classified;
import io.pipelinemedic.schemas.model.GitChange;
import io.pipelinemedic.schemas.model.GuardrailCheck;
import io.pipelinemedic.schemas.model.RootCauseGroup;
import java.io.IOException;
import java.util.List;

/**
 * The steps of a CODE group's fix, each with a typed result; {@link FixPipeline} runs them in order
 * and decides after each whether to go on.
 */
public interface FixSteps {

  /**
   * The change staged and what the guardrails found.
   *
   * @param staged the staged change: files, diff, contents
   * @param checks every check, passed or not
   */
  record Guarded(FixCommit.Staged staged, List<GuardrailCheck> checks) {

    public boolean passed() {
      return Guardrails.allPassed(checks);
    }
  }

  /** Whether a coding agent is configured for AGENT groups. */
  boolean agentConfigured();

  /** A fresh sandbox for the group: its clone on the group's branch and the dev data. */
  Sandbox prepare(Classified event, RootCauseGroup group) throws IOException;

  /**
   * The project's packages installed, and what the change is judged against: the failed run's
   * results of the group's selection, or the selection built before any change.
   */
  Verifier.Baseline before(Sandbox sandbox, Classified event, RootCauseGroup group)
      throws IOException, InterruptedException;

  /** The commit a runner already pushed on the group's branch, or {@code null}. */
  String pushedBefore(Sandbox sandbox) throws IOException;

  /**
   * The change: {@code pushedBefore} restored when there is one, else the KB recipe or the coding
   * agent.
   */
  FixChange change(Sandbox sandbox, Classified event, RootCauseGroup group, String pushedBefore)
      throws IOException, InterruptedException;

  /** The change staged and checked. */
  Guarded guard(Sandbox sandbox, FixChange change) throws IOException;

  /**
   * The selection built after the change, on a fresh dev area nothing in the sandbox has touched,
   * and judged against {@code before} (taken before the change was made).
   */
  Verifier.Verdict verify(Sandbox sandbox, RootCauseGroup group, Verifier.Baseline before)
      throws IOException, InterruptedException;

  /**
   * The verified change committed and pushed on the group's branch (or {@code pushedBefore} as it
   * stands), with its diff kept.
   *
   * @throws FixCommit.BranchTaken when another runner pushed the branch meanwhile
   * @throws FixCommit.ChangedAfterCheck when the files are not those the guardrails checked
   */
  GitChange push(
      Sandbox sandbox,
      Classified event,
      RootCauseGroup group,
      FixChange change,
      Guarded guarded,
      String pushedBefore)
      throws IOException;

  /** The group is done with the sandbox. */
  void finish(Sandbox sandbox, boolean verified) throws IOException;
}
