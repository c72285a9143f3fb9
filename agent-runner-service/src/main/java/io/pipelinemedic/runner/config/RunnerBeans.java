package io.pipelinemedic.runner.config;

import io.pipelinemedic.dbt.Confinement;
import io.pipelinemedic.dbt.DbtRunner;
import io.pipelinemedic.runner.agent.AgentLimits;
import io.pipelinemedic.runner.agent.ClaudeCode;
import io.pipelinemedic.runner.agent.Codex;
import io.pipelinemedic.runner.agent.CodingAgent;
import io.pipelinemedic.runner.agent.CommandAgent;
import io.pipelinemedic.runner.agent.SandboxedAgent;
import io.pipelinemedic.runner.fix.FixPipeline;
import io.pipelinemedic.runner.fix.Guardrails;
import io.pipelinemedic.runner.fix.SandboxFixSteps;
import io.pipelinemedic.runner.report.SourceReporter;
import io.pipelinemedic.runner.sandbox.DevDbt;
import io.pipelinemedic.runner.sandbox.GitRemote;
import io.pipelinemedic.runner.sandbox.Sandboxes;
import io.pipelinemedic.runner.warehouse.DevAreas;
import io.pipelinemedic.runner.warehouse.DuckDbDevAreas;
import io.pipelinemedic.runner.warehouse.PostgresDevAreas;
import io.pipelinemedic.service.ArtifactStore;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The runner's object graph, built once from its settings when the service starts ({@link
 * Startup}): a setting that is missing or wrong (no repository or production file named, an unknown
 * agent kind, a command agent without its command) stops the start with its name, instead of
 * dead-lettering every record.
 */
public class RunnerBeans {

  private static final Logger LOG = Logger.getLogger(RunnerBeans.class);

  /** Where {@code tools/agents/ensure-agents} installs the agent CLIs. */
  private static final String AGENTS = ".venv/agents/node_modules/.bin";

  @Produces
  @Singleton
  Sandboxes sandboxes(RunnerConfig config, ArtifactStore artifacts, DevDbt dbt) {
    return new Sandboxes(
        config.workspaces(),
        new GitRemote(config.gitRemote(), config.gitToken().orElse(null)),
        devAreas(config),
        artifacts,
        config.keepFailedWorkspaces(),
        dbt);
  }

  /** At shutdown: the warm dbt started ahead stops and its folder goes. */
  void stopAhead(@Disposes Sandboxes sandboxes) throws IOException {
    sandboxes.stopAhead();
  }

  /** The dev areas of {@code medic.runner.warehouse}. */
  static DevAreas devAreas(RunnerConfig config) {
    return switch (config.warehouse()) {
      case "duckdb" ->
          new DuckDbDevAreas(
              config
                  .productionDuckdb()
                  .orElseThrow(
                      () ->
                          new IllegalStateException(
                              "medic.runner.production-duckdb is not set (warehouse duckdb)")),
              config.attachments(),
              config.duckdbCopyBelow().asLongValue());
      case "postgres" -> {
        RunnerConfig.Postgres postgres =
            config
                .postgres()
                .orElseThrow(
                    () ->
                        new IllegalStateException(
                            "medic.runner.postgres.host, .database and .user are not set"
                                + " (warehouse postgres)"));
        yield new PostgresDevAreas(
            postgres.host(),
            postgres.port().orElse(5432),
            postgres.database(),
            postgres.user(),
            postgres.password().orElse(null));
      }
      case "bigquery" ->
          BigQueryClients.devAreas(
              config
                  .bigquery()
                  .orElseThrow(
                      () ->
                          new IllegalStateException(
                              "medic.runner.bigquery.project is not set (warehouse bigquery)")));
      default ->
          throw new IllegalStateException(
              "medic.runner.warehouse is "
                  + config.warehouse()
                  + ", not one of duckdb, postgres, bigquery");
    };
  }

  /**
   * What the sandboxes' processes run in ({@code medic.runner.sandbox}); bubblewrap is tried once
   * at the start, so that a machine where it cannot work stops the start with its reason.
   */
  @Produces
  @Singleton
  Confinement confinement(RunnerConfig config) throws IOException, InterruptedException {
    switch (config.sandbox()) {
      case "none" -> {
        LOG.warn(
            "medic.runner.sandbox=none: the coding agent and dbt run with this service's user and"
                + " file system; only where something else (a pod of its own) is the boundary");
        return Confinement.none();
      }
      case "bubblewrap" -> {
        List<Path> reads = new ArrayList<>(Confinement.runtime(config.dbt()));
        reads.addAll(config.sandboxReadOnlyPaths().orElse(List.of()));
        Confinement bubblewrap = Confinement.bubblewrap(reads);
        bubblewrap.check();
        return bubblewrap;
      }
      default ->
          throw new IllegalStateException(
              "medic.runner.sandbox is " + config.sandbox() + ", not one of bubblewrap, none");
    }
  }

  @Produces
  @Singleton
  DevDbt devDbt(RunnerConfig config, Confinement confinement) {
    return new DevDbt(
        new DbtRunner(config.dbt(), config.dbtTimeout(), Map.of()), confinement, config.dbtAhead());
  }

  @Produces
  @Singleton
  @Startup
  FixPipeline fixPipeline(
      RunnerConfig config, Sandboxes sandboxes, Confinement confinement, ArtifactStore artifacts) {
    return new FixPipeline(
        new SandboxFixSteps(
            sandboxes,
            new Guardrails(config.allowedPaths(), config.maxChangedLines()),
            agent(config, confinement),
            artifacts,
            config.baselineMaxAge()),
        Clock.systemUTC());
  }

  @Produces
  @Singleton
  SourceReporter sourceReporter(Sandboxes sandboxes) {
    return new SourceReporter(sandboxes, Clock.systemUTC());
  }

  /**
   * The agent's CLI as an absolute path (the sandbox runs it from the project's folder); the start
   * stops when it is not there, instead of every AGENT group failing on it later.
   */
  private static Path installed(Path executable) {
    Path absolute = executable.toAbsolutePath().normalize();
    if (!Files.isExecutable(absolute)) {
      throw new IllegalStateException(
          "the coding agent's CLI "
              + absolute
              + " is not installed: run tools/agents/ensure-agents, or set"
              + " medic.runner.agent.executable");
    }
    return absolute;
  }

  /** The coding agent of {@code medic.runner.agent}, or none. */
  static Optional<SandboxedAgent> agent(RunnerConfig config, Confinement confinement) {
    RunnerConfig.Agent agent = config.agent();
    CodingAgent backend =
        switch (agent.kind()) {
          case "none" -> null;
          case "claude-code" ->
              new ClaudeCode(
                  installed(agent.executable().orElse(Path.of(AGENTS, "claude"))),
                  agent.model(),
                  agent.allowedTools(),
                  agent.mcpConfig(),
                  agent.env());
          case "codex" ->
              new Codex(
                  installed(agent.executable().orElse(Path.of(AGENTS, "codex"))),
                  agent.model(),
                  agent.codexConfig(),
                  agent.env(),
                  confinement.confines());
          case "command" -> {
            List<String> command =
                agent
                    .command()
                    .orElseThrow(
                        () ->
                            new IllegalStateException(
                                "medic.runner.agent.command is not set for the command agent"));
            yield new CommandAgent(
                Path.of(command.get(0)).getFileName().toString(), command, agent.env());
          }
          default ->
              throw new IllegalStateException(
                  "medic.runner.agent.kind is "
                      + agent.kind()
                      + ", not one of none, claude-code, codex, command");
        };
    return Optional.ofNullable(backend)
        .map(
            b ->
                new SandboxedAgent(
                    b,
                    new AgentLimits(agent.timeout(), agent.maxTurns(), agent.maxUsd()),
                    config.dbt(),
                    confinement));
  }
}
