package io.pipelinemedic.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./medic init} on dbt projects written for the test: what it finds in the project (its
 * remote, its production DuckDB target, its kb/ folder) becomes settings the stack reads, and what
 * it cannot find is left for the team, commented.
 */
class TeamInitTest {

  @TempDir Path dir;

  @Test
  void aProjectWithARemoteAProductionDuckDbTargetAndAKbFolderIsConfiguredFromItself()
      throws Exception {
    Path project = Files.createDirectories(dir.resolve("analytics"));
    Files.writeString(project.resolve("dbt_project.yml"), "name: analytics\nprofile: warehouse\n");
    Files.writeString(
        project.resolve("profiles.yml"),
        """
        warehouse:
          target: dev
          outputs:
            dev: {type: duckdb, path: dev.duckdb}
            prod: {type: duckdb, path: ../data/prod.duckdb, threads: 4}
        """);
    Files.createDirectories(project.resolve("kb"));
    try (Git git = Git.init().setDirectory(project.toFile()).call()) {
      git.getRepository()
          .getConfig()
          .setString("remote", "origin", "url", "git@git.example:a/b.git");
      git.getRepository().getConfig().save();
    }

    String file = TeamInit.write(project, "prod");
    Path written = Files.writeString(dir.resolve("medic.properties"), file);
    StackConfig config =
        StackConfig.fromEnvironment(dir, Map.of(TeamConfig.VARIABLE, written.toString()));

    assertThat(config.service("agent-runner-service").environment())
        .containsEntry("MEDIC_RUNNER_GIT_REMOTE", "git@git.example:a/b.git")
        .containsEntry(
            "MEDIC_RUNNER_PRODUCTION_DUCKDB", dir.resolve("data/prod.duckdb").toString());
    assertThat(config.service("classifier-service").environment())
        .containsEntry("MEDIC_CLASSIFIER_WAREHOUSE_KIND", "duckdb");
    assertThat(config.service("kb-sync-service").environment())
        .containsEntry("MEDIC_KB_GIT_URI", "git@git.example:a/b.git")
        .containsEntry("MEDIC_KB_GIT_PATH", "kb");
    assertThat(file).startsWith("# Pipeline Medic for the dbt project analytics");
  }

  @Test
  void whatItCannotFindIsLeftCommentedAndAFolderWithoutAProjectIsRefused() throws Exception {
    Path project = Files.createDirectories(dir.resolve("bq"));
    Files.writeString(project.resolve("dbt_project.yml"), "name: bq\nprofile: nowhere\n");

    String file = TeamInit.write(project, null);

    assertThat(file)
        .contains("# no git repository found: medic.runner.git-remote=")
        .contains("# no DuckDB production target found")
        .doesNotContain("\nmedic.classifier");
    assertThatThrownBy(() -> TeamInit.write(dir.resolve("empty"), null))
        .hasMessageContaining("holds no dbt_project.yml");
  }
}
