package io.pipelinemedic.testsupport;

import io.pipelinemedic.schemas.model.RunRef;

/** Runs as tests report them. */
public final class TestRuns {

  private TestRuns() {}

  /** A failed scheduled dbt Core run of the example shop project at {@code commit}. */
  public static RunRef shopNightly(String runId, String commit) {
    return new RunRef(
        "dbt-core",
        null,
        "shop",
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
        null,
        null,
        commit,
        "main");
  }
}
