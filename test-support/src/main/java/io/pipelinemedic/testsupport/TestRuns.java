package io.pipelinemedic.testsupport;

import io.pipelinemedic.schemas.model.RunRef;
import java.time.Instant;

/** Runs as tests report them. */
public final class TestRuns {

  private TestRuns() {}

  /** A failed scheduled dbt Core run of the example shop project at {@code commit}. */
  public static RunRef shopNightly(String runId, String commit) {
    return nightly("shop", runId, commit);
  }

  /** The nightly production run {@code runId} of the dbt project {@code project}. */
  public static RunRef nightly(String project, String runId, String commit) {
    return nightly(project, runId, commit, null);
  }

  /**
   * The nightly production run {@code runId} of the dbt project {@code project}, finished at {@code
   * finishedAt} (unknown when null).
   */
  public static RunRef nightly(String project, String runId, String commit, Instant finishedAt) {
    return new RunRef(
        "dbt-core",
        null,
        project,
        null,
        "production",
        null,
        "nightly",
        runId,
        "Error",
        20,
        null,
        null,
        null,
        finishedAt,
        null,
        commit,
        "main");
  }
}
