package io.pipelinemedic.runner.messaging;

import io.pipelinemedic.dbt.DbtRunner;
import io.pipelinemedic.runner.GroupWork;
import io.pipelinemedic.runner.agent.AgentLimits;
import io.pipelinemedic.runner.agent.ClaudeCode;
import io.pipelinemedic.runner.agent.Codex;
import io.pipelinemedic.runner.agent.CodingAgent;
import io.pipelinemedic.runner.agent.CommandAgent;
import io.pipelinemedic.runner.agent.SandboxedAgent;
import io.pipelinemedic.runner.config.RunnerConfig;
import io.pipelinemedic.runner.dbt.DevDbt;
import io.pipelinemedic.runner.guard.Guardrails;
import io.pipelinemedic.runner.report.SourceReports;
import io.pipelinemedic.schemas.Classified;
import io.pipelinemedic.schemas.Envelope;
import io.pipelinemedic.schemas.FixProposed;
import io.pipelinemedic.schemas.SourceReported;
import io.pipelinemedic.schemas.model.Action;
import io.pipelinemedic.schemas.model.FailureClass;
import io.pipelinemedic.schemas.model.FixOutcome;
import io.pipelinemedic.schemas.model.RootCauseGroup;
import io.pipelinemedic.service.ArtifactStore;
import io.pipelinemedic.service.EventMessages;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * {@code classified} in; per group, {@code fix.proposed} (RECIPE and AGENT; an AGENT group without
 * a configured coding agent is a failed attempt saying so) or {@code source.reported} (SOURCE);
 * TRANSIENT groups need nothing. One incident at a time per replica. A record that is not a {@code
 * classified} event, or that cannot be worked on at all (no repository or production database
 * configured), is nacked and lands in {@code classified.dlq} with the cause; a fix that fails is an
 * outcome, not an error, and a report whose failing rows cannot be read goes out without them.
 */
@ApplicationScoped
public class ClassifiedProcessor {

  private static final Logger LOG = Logger.getLogger(ClassifiedProcessor.class);

  /** Where {@code tools/agents/ensure-agents} installs the agent CLIs. */
  private static final String AGENTS = ".venv/agents/node_modules/.bin";

  @Inject RunnerConfig config;

  @Inject ArtifactStore artifacts;

  @Inject
  @Channel("fix-proposed")
  MutinyEmitter<FixProposed> fixes;

  @Inject
  @Channel("source-reported")
  MutinyEmitter<SourceReported> reports;

  @Incoming("classified")
  @Blocking(value = "runner-workers", ordered = false)
  public void process(byte[] record) throws IOException, InterruptedException {
    Classified event = EventMessages.decode(record, Classified.class, Classified::run);
    GroupWork work = work();
    for (RootCauseGroup group : event.groups()) {
      handle(work, event, group);
    }
  }

  private void handle(GroupWork work, Classified event, RootCauseGroup group)
      throws IOException, InterruptedException {
    String incident = event.envelope().incidentId();
    if (group.failureClass() == FailureClass.SOURCE) {
      SourceReported report;
      try {
        report = work.report(event, group);
      } catch (IOException e) {
        LOG.warnf(
            "%s/%s: reported without failing rows, the dev copy could not be read: %s",
            incident, group.groupId(), e.getMessage());
        report = SourceReports.build(event, group, List.of(), Instant.now());
      }
      reports.sendMessageAndAwait(EventMessages.of(report));
      LOG.infof("%s/%s: source.reported", incident, group.groupId());
    } else if (group.action() == Action.RECIPE || group.action() == Action.AGENT) {
      LOG.infof("%s/%s: %s group, working on it", incident, group.groupId(), group.action());
      FixProposed fix;
      try {
        GroupWork.Attempt attempt = work.fix(event, group);
        fix = attempt.event();
        LOG.infof(
            "%s/%s: %s %s in %s ms",
            incident, group.groupId(), group.action(), fix.outcome(), attempt.millis());
      } catch (IOException e) {
        fix = failed(event, group, "the sandbox could not be prepared: " + e.getMessage());
        LOG.warnf("%s/%s: %s", incident, group.groupId(), fix.outcomeReason());
      }
      fixes.sendMessageAndAwait(EventMessages.of(fix));
    } else {
      LOG.infof("%s/%s: %s, nothing to do", incident, group.groupId(), group.failureClass());
    }
  }

  private GroupWork work() throws IOException {
    String remote =
        config.gitRemote().orElseThrow(() -> new IOException("medic.runner.git-remote is not set"));
    return new GroupWork(
        new GroupWork.Settings(
            config.workspaces(),
            remote,
            config
                .productionDuckdb()
                .orElseThrow(() -> new IOException("medic.runner.production-duckdb is not set")),
            config.attachments(),
            new Guardrails(config.allowedPaths(), config.maxChangedLines()),
            agent(),
            artifacts,
            config.keepFailedWorkspaces()),
        new DevDbt(new DbtRunner(config.dbt(), config.dbtTimeout(), Map.of())));
  }

  private SandboxedAgent agent() throws IOException {
    RunnerConfig.Agent agent = config.agent();
    CodingAgent backend;
    switch (agent.kind()) {
      case "none":
        return null;
      case "claude-code":
        backend =
            new ClaudeCode(
                agent.executable().orElse(Path.of(AGENTS, "claude")),
                agent.model(),
                agent.allowedTools(),
                agent.mcpConfig(),
                agent.env());
        break;
      case "codex":
        backend =
            new Codex(
                agent.executable().orElse(Path.of(AGENTS, "codex")),
                agent.model(),
                agent.codexConfig(),
                agent.env());
        break;
      case "command":
        List<String> command =
            agent
                .command()
                .orElseThrow(() -> new IOException("medic.runner.agent.command is not set"));
        backend =
            new CommandAgent(
                Path.of(command.get(0)).getFileName().toString(), command, agent.env());
        break;
      default:
        throw new IOException(
            "medic.runner.agent.kind is "
                + agent.kind()
                + ", not one of none, claude-code, codex, command");
    }
    return new SandboxedAgent(
        backend, new AgentLimits(agent.timeout(), agent.maxTurns(), agent.maxUsd()), config.dbt());
  }

  private static FixProposed failed(Classified event, RootCauseGroup group, String reason) {
    return new FixProposed(
        Envelope.create(event.envelope().incidentId(), SourceReports.PRODUCER, Instant.now()),
        group.groupId(),
        group.rootCauseNode(),
        group.action(),
        FixOutcome.FIX_FAILED,
        reason,
        null,
        null,
        group.kbEntryId(),
        null,
        List.of(),
        List.of(),
        null,
        null,
        group.owner(),
        group.confidence());
  }
}
