package io.pipelinemedic.schemas.model;

/**
 * Counts of dbt node results in one build.
 *
 * @param passed nodes that passed or succeeded
 * @param warned tests that warned (a warning does not prove a fix); 0 when an older producer did
 *     not count them
 * @param failed tests that failed
 * @param errored nodes that errored
 * @param skipped nodes that were skipped
 */
public record TestTally(int passed, Integer warned, int failed, int errored, int skipped) {

  public TestTally {
    warned = warned == null ? 0 : warned;
  }
}
