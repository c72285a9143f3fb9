package io.pipelinemedic.runner.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The agent-runner-service's settings, under {@code medic.runner}. */
@ConfigMapping(prefix = "medic.runner")
public interface RunnerConfig {

  /** The team's dbt repository: where runs are cloned from and fix branches pushed to. */
  Optional<String> gitRemote();

  /** Where sandboxes are made; each is removed when its group is done. */
  @WithDefault("${user.home}/.medic/workspaces")
  Path workspaces();

  /** The production DuckDB file the dev copies are made from. */
  Optional<Path> productionDuckdb();

  /** Other production databases the models read, by alias, attached read-only to every copy. */
  Map<String, Path> attachments();

  /** Globs of the paths a fix may touch. */
  @WithDefault("models/**,macros/**,seeds/**,snapshots/**,tests/**,analyses/**,dbt_project.yml")
  List<String> allowedPaths();

  /** The most lines a fix may add and delete together. */
  @WithDefault("200")
  int maxChangedLines();

  /** The dbt executable; the project's own runtime by default. */
  @WithDefault(".venv/dbt/bin/dbt")
  Path dbt();

  /** How long one dbt invocation may run. */
  @WithDefault("10m")
  Duration dbtTimeout();
}
