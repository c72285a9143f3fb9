package io.pipelinemedic.schemas.model;

import java.util.List;

/**
 * The system's own check of a fix: dbt build in the dev area, before and after the change.
 *
 * @param passed whether every selected node passed after the change
 * @param command the dbt argument list that was run
 * @param before tally in the dev area before the change
 * @param after tally in the dev area after the change
 * @param results per-node results after the change
 * @param logUri dbt's output in the artifact store
 * @param durationMs how long verification took
 */
public record Verification(
    boolean passed,
    List<String> command,
    TestTally before,
    TestTally after,
    List<NodeResult> results,
    String logUri,
    long durationMs) {

  public Verification {
    command = Lists.orEmpty(command);
    results = Lists.orEmpty(results);
  }
}
