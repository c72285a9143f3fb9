package io.pipelinemedic.schemas.model;

/**
 * What producing a fix cost; zero model usage for a recipe.
 *
 * @param agent {@code recipe}, {@code claude-code}, {@code codex} or a command name
 * @param usd model cost in US dollars
 * @param inputTokens input tokens used
 * @param outputTokens output tokens used
 * @param turns agent turns
 * @param durationMs wall time of the fix step
 */
public record AgentCost(
    String agent, double usd, long inputTokens, long outputTokens, int turns, long durationMs) {}
