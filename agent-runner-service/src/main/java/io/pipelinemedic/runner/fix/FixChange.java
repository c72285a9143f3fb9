package io.pipelinemedic.runner.fix;

import io.pipelinemedic.schemas.model.AgentCost;
import java.util.Set;

/**
 * What the change step did to the sandbox, before anything checks it.
 *
 * @param problem why there is no change to check, or {@code null}
 * @param summary what changed and why, for the commit and the pull request
 * @param failingValues the values the failing tests report: the only ones a list may gain
 * @param cost what it cost
 * @param transcriptUri the agent's transcript in the artifact store, for an agent
 */
public record FixChange(
    String problem,
    String summary,
    Set<String> failingValues,
    AgentCost cost,
    String transcriptUri) {

  /** A change step that made nothing to check, and why. */
  public static FixChange failed(String problem, AgentCost cost) {
    return new FixChange(problem, null, Set.of(), cost, null);
  }

  /**
   * What a step that calls no model cost: its time since {@code start} ({@link System#nanoTime}).
   */
  public static AgentCost withoutModel(String agent, long start) {
    return new AgentCost(agent, 0, 0, 0, 0, (System.nanoTime() - start) / 1_000_000);
  }
}
