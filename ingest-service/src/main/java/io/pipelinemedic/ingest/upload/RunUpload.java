package io.pipelinemedic.ingest.upload;

import java.nio.file.Path;

/**
 * A dbt Core run reported to {@code POST /runs}: its artifacts, already streamed to disk, and what
 * the reporter says about it.
 *
 * @param runResults uploaded {@code run_results.json}; {@code null} for a run that stopped before
 *     writing it, reported with its log
 * @param manifest uploaded {@code manifest.json}, when given (required with run results)
 * @param sources uploaded {@code sources.json}, when given
 * @param dbtLog dbt's log of the run (its console output or {@code logs/dbt.log}), when given
 * @param project dbt project name (the run's account)
 * @param environment environment name, e.g. {@code prod}
 * @param job job or schedule name
 * @param trigger {@code schedule} (default), {@code manual} or {@code ci}
 * @param gitSha commit the run used
 * @param gitBranch branch the run used
 */
public record RunUpload(
    Path runResults,
    Path manifest,
    Path sources,
    Path dbtLog,
    String project,
    String environment,
    String job,
    String trigger,
    String gitSha,
    String gitBranch) {

  /** The trigger of an upload that names none: a scheduled run. */
  public static final String SCHEDULE = "schedule";

  /** The trigger of a CI run, which tests a branch: neither its failure nor its pass counts. */
  public static final String CI = "ci";
}
