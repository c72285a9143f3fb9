package io.pipelinemedic.stack.eval;

import io.pipelinemedic.dbt.DbtCommand;
import io.pipelinemedic.dbt.DbtResult;
import io.pipelinemedic.dbt.DbtRunner;
import io.pipelinemedic.dbt.Folders;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;

/**
 * Builds production from a fix branch, as the team would after merging it: the team's repository at
 * the branch, a copy of the night's production databases, the project's packages, and one {@code
 * dbt build} of everything. Green only when that build passes.
 */
final class ProductionCheck {

  private static final Duration TIMEOUT = Duration.ofMinutes(10);

  private final Path dbt;

  ProductionCheck(Path repositoryRoot) {
    this.dbt = DbtRunner.projectExecutable(repositoryRoot);
  }

  /**
   * Whether {@code branch} of {@code remote} builds green on a copy of the databases in {@code
   * warehouse}, worked in {@code workDir} (emptied first).
   */
  DbtResult build(String remote, String branch, Path warehouse, Path workDir)
      throws IOException, InterruptedException {
    Folders.delete(workDir);
    Path project = workDir.resolve("project");
    Path databases = Files.createDirectories(workDir.resolve("warehouse"));
    try (Git git =
        Git.cloneRepository()
            .setURI(remote)
            .setBranch(branch)
            .setDirectory(project.toFile())
            .call()) {
      // checked out at the branch
    } catch (GitAPIException e) {
      throw new IOException("cannot clone " + branch + " of " + remote + ": " + e.getMessage(), e);
    }
    try (Stream<Path> files = Files.list(warehouse)) {
      for (Path database : files.filter(f -> f.toString().endsWith(".duckdb")).toList()) {
        Files.copy(database, databases.resolve(database.getFileName().toString()));
      }
    }
    DbtRunner runner =
        new DbtRunner(dbt, TIMEOUT, Map.of("EXAMPLE_WAREHOUSE_DIR", databases.toString()));
    if (Files.exists(project.resolve("packages.yml"))) {
      DbtResult deps =
          runner.run(
              DbtCommand.of("deps").projectDir(project).profilesDir(project).build(), project);
      if (!deps.succeeded()) {
        return deps;
      }
    }
    return runner.run(
        DbtCommand.of("build")
            .target("prod")
            .projectDir(project)
            .profilesDir(project)
            .targetPath(workDir.resolve("target"))
            .build(),
        project);
  }
}
