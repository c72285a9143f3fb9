package io.pipelinemedic.dbt.scenario;

import io.pipelinemedic.dbt.DbtResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What running a scenario left behind: the project as it was (a git repository at {@code commit}),
 * the production warehouse, and the artifacts of the scheduled job.
 *
 * @param scenario the scenario
 * @param project the project's working copy, a git repository
 * @param commit the commit the scheduled job ran
 * @param warehouse the production DuckDB file, or {@code null} when production was a PostgreSQL
 *     database (the {@link ScenarioWarehouse} the runner was given names it)
 * @param artifacts the job's artifacts, per step as dbt Cloud keeps them: {@code
 *     step-1/sources.json} (freshness), then {@code step-2/} (run) and {@code step-3/} (test), or
 *     {@code step-2/} (build), with {@code run_results.json} and {@code manifest.json}; when the
 *     job stopped at {@code dbt deps}, only that step's console output as {@code dbt.log}
 * @param deps the job's {@code dbt deps}, which runs before its commands as in dbt Cloud; {@code
 *     null} when the project declares no packages
 * @param steps the job's steps: {@code dbt source freshness}, then {@code dbt run} and {@code dbt
 *     test}, or {@code dbt build}; none when {@code dbt deps} failed
 */
public record ScenarioRun(
    Scenario scenario,
    Path project,
    String commit,
    Path warehouse,
    Path artifacts,
    DbtResult deps,
    List<DbtResult> steps) {

  /** The console output of a job that stopped at {@code dbt deps}, as a dbt Core job keeps it. */
  public static final String DEPS_LOG = "dbt.log";

  /** Whether the job stopped at {@code dbt deps}, before any of its commands ran. */
  public boolean stoppedAtDeps() {
    return deps != null && !deps.succeeded();
  }

  /** {@code step-N/} of the job's artifacts, N counted from 1. */
  public Path step(int n) {
    return artifacts.resolve("step-" + n);
  }

  /** The freshness step's {@code sources.json}. */
  public Path sources() {
    return step(1).resolve("sources.json");
  }

  /** The {@code run_results.json} the job's steps after freshness wrote, in order. */
  public List<Path> runResults() {
    List<Path> results = new ArrayList<>();
    for (int n = 2; n <= steps.size(); n++) {
      if (Files.exists(step(n).resolve("run_results.json"))) {
        results.add(step(n).resolve("run_results.json"));
      }
    }
    return results;
  }

  /** The {@code manifest.json} the job's last step wrote. */
  public Path manifest() {
    return step(steps.size()).resolve("manifest.json");
  }
}
