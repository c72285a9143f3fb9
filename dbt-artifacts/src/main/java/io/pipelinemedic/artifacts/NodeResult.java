package io.pipelinemedic.artifacts;

import java.util.Set;

/**
 * One result of a dbt invocation, from {@code run_results.json} or {@code sources.json}.
 *
 * @param uniqueId dbt unique id
 * @param status dbt status as written: pass, fail, warn, error, skipped, success, runtime error
 * @param message dbt's or the database's message
 * @param failures failing rows, for tests
 * @param compiledCode compiled SQL, when the artifact has it (run_results v5 and later)
 * @param relationName the node's relation
 */
public record NodeResult(
    String uniqueId,
    String status,
    String message,
    Long failures,
    String compiledCode,
    String relationName) {

  private static final Set<String> FAILED = Set.of("fail", "error", "runtime error");

  /** Whether the node failed or errored (a warning is neither). */
  public boolean failed() {
    return FAILED.contains(status);
  }

  public boolean skipped() {
    return "skipped".equals(status);
  }
}
