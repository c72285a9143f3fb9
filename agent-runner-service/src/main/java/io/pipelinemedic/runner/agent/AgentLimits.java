package io.pipelinemedic.runner.agent;

import java.time.Duration;

/**
 * What one agent run may spend; the process is stopped at the time limit whatever it says.
 *
 * @param time wall time before the agent is killed
 * @param turns model turns (Claude Code's {@code --max-turns})
 * @param usd model cost (Claude Code's {@code --max-budget-usd})
 */
public record AgentLimits(Duration time, int turns, double usd) {}
