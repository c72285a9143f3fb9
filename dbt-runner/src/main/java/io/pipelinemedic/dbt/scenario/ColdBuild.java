package io.pipelinemedic.dbt.scenario;

import io.pipelinemedic.dbt.DbtCommand;
import io.pipelinemedic.dbt.DbtResult;
import io.pipelinemedic.dbt.DbtRunner;
import io.pipelinemedic.dbt.Folders;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/**
 * The floor a verified fix is measured against: one cold {@code dbt build --select <root>+} of a
 * night's project at its commit, as a data engineer would run it on a fresh checkout (a new dbt
 * process, no partial parse), on a copy of the night's DuckDB production.
 */
public final class ColdBuild {

  /** What a fresh checkout does not have. */
  private static final Set<String> LEFT_OUT = Set.of(".git", "target", "logs");

  private ColdBuild() {}

  /**
   * The wall time of one such build of {@code night}, played on DuckDB, whose root cause is its
   * ground truth's, by the dbt runtime {@code dbt}.
   */
  public static Duration of(ScenarioRun night, Path dbt) throws IOException, InterruptedException {
    Path work = Files.createTempDirectory("cold-build-");
    try {
      Path project = work.resolve("project");
      Path warehouse = work.resolve("warehouse");
      ScenarioRunner.copyTree(night.project(), project, LEFT_OUT, false);
      ScenarioRunner.copyTree(night.warehouse().getParent(), warehouse, LEFT_OUT, false);
      String root = night.scenario().expected().rootCause();
      ScenarioWarehouse duckDb = ScenarioWarehouse.duckDb();
      DbtResult build =
          new DbtRunner(dbt, Duration.ofMinutes(10), duckDb.environment(warehouse))
              .run(
                  DbtCommand.of("build")
                      .select(root.substring(root.lastIndexOf('.') + 1) + "+")
                      .target(duckDb.target())
                      .projectDir(project)
                      .profilesDir(project)
                      .targetPath(work.resolve("target"))
                      .logPath(work.resolve("logs"))
                      .build(),
                  project);
      if (!Files.exists(work.resolve("target/run_results.json"))) {
        throw new IOException("the cold build ran nothing:\n" + build.describe());
      }
      return build.duration();
    } finally {
      Folders.delete(work);
    }
  }
}
