package io.pipelinemedic.runner.agent;

/**
 * The agent's own account of a run, read from its output: whether it says it finished, its closing
 * summary, and what it used. Nothing here decides whether the fix holds: the guardrails and dbt do.
 *
 * @param problem why the run did not finish (killed, limit reached, error), or {@code null}
 * @param summary the agent's closing message
 * @param usd model cost it reports
 * @param inputTokens input tokens, cache reads and writes included
 * @param outputTokens output tokens
 * @param turns model turns
 */
public record AgentResult(
    String problem, String summary, double usd, long inputTokens, long outputTokens, int turns) {

  /** A run that produced nothing readable. */
  public static AgentResult failed(String problem) {
    return new AgentResult(problem, null, 0, 0, 0, 0);
  }

  /** The same account with {@code problem} as the reason it did not finish. */
  public AgentResult withProblem(String problem) {
    return new AgentResult(problem, summary, usd, inputTokens, outputTokens, turns);
  }
}
