package io.pipelinemedic.schemas.model;

/**
 * Counts of dbt node results in one build.
 *
 * @param passed nodes that passed or succeeded
 * @param failed tests that failed
 * @param errored nodes that errored
 * @param skipped nodes that were skipped
 */
public record TestTally(int passed, int failed, int errored, int skipped) {}
