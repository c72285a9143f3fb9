package io.pipelinemedic.dbt.scenario;

import io.pipelinemedic.dbt.DbtResult;
import java.nio.file.Path;
import java.util.List;

/**
 * What running a scenario left behind: the project as it was (a git repository at {@code commit}),
 * the production warehouse, and the artifacts of the scheduled job.
 *
 * @param scenario the scenario
 * @param project the project's working copy, a git repository
 * @param commit the commit the scheduled job ran
 * @param warehouse the production DuckDB file
 * @param artifacts the job's artifacts, per step as dbt Cloud keeps them: {@code
 *     step-1/sources.json} (freshness), {@code step-2/} (run) and {@code step-3/} (test) with
 *     {@code run_results.json} and {@code manifest.json}
 * @param steps the job's steps: {@code dbt source freshness}, {@code dbt run}, {@code dbt test}
 */
public record ScenarioRun(
    Scenario scenario,
    Path project,
    String commit,
    Path warehouse,
    Path artifacts,
    List<DbtResult> steps) {}
