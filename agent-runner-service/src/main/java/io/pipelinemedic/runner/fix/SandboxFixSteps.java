package io.pipelinemedic.runner.fix;

import com.fasterxml.jackson.core.JsonFactory;
import io.pipelinemedic.artifacts.ArtifactFormatException;
import io.pipelinemedic.artifacts.NodeResult;
import io.pipelinemedic.artifacts.ResultsReader;
import io.pipelinemedic.runner.agent.AgentPrompt;
import io.pipelinemedic.runner.agent.AgentResult;
import io.pipelinemedic.runner.agent.SandboxedAgent;
import io.pipelinemedic.runner.fix.recipe.RecipeRunner;
import io.pipelinemedic.runner.sandbox.DevDbt;
import io.pipelinemedic.runner.sandbox.Sandbox;
import io.pipelinemedic.runner.sandbox.Sandboxes;
import io.pipelinemedic.schemas.Classified;
import io.pipelinemedic.schemas.model.Action;
import io.pipelinemedic.schemas.model.AgentCost;
import io.pipelinemedic.schemas.model.ArtifactRef;
import io.pipelinemedic.schemas.model.Failure;
import io.pipelinemedic.schemas.model.GitChange;
import io.pipelinemedic.schemas.model.GuardrailCheck;
import io.pipelinemedic.schemas.model.RootCauseGroup;
import io.pipelinemedic.service.ArtifactStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The fix's steps for real: sandboxes from {@link Sandboxes}, dbt on the dev area, the KB recipe
 * without a model, the coding agent in its sandbox (its transcript kept whatever the ending), the
 * guardrails on the staged diff, dbt's verdict, and the commit pushed with JGit (its diff kept).
 */
public final class SandboxFixSteps implements FixSteps {

  /** How far in the future a run's reported end may lie and still be taken as now. */
  private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

  private final Sandboxes sandboxes;
  private final DevDbt dbt;
  private final RecipeRunner recipes;
  private final Verifier verifier;
  private final Guardrails guardrails;
  private final Optional<SandboxedAgent> agent;
  private final ArtifactStore artifacts;
  private final Duration baselineMaxAge;

  /**
   * @param agent the coding agent for AGENT groups, when one is configured
   * @param artifacts the failed runs' results, and where agents' transcripts and fixes' diffs are
   *     kept
   * @param baselineMaxAge how old a failed run may be for its results to be the baseline
   */
  public SandboxFixSteps(
      Sandboxes sandboxes,
      Guardrails guardrails,
      Optional<SandboxedAgent> agent,
      ArtifactStore artifacts,
      Duration baselineMaxAge) {
    this.sandboxes = sandboxes;
    this.dbt = sandboxes.dbt();
    this.recipes = new RecipeRunner(dbt);
    this.verifier = new Verifier(dbt);
    this.guardrails = guardrails;
    this.agent = agent;
    this.artifacts = artifacts;
    this.baselineMaxAge = baselineMaxAge;
  }

  @Override
  public boolean agentConfigured() {
    return agent.isPresent();
  }

  @Override
  public Sandbox prepare(Classified event, RootCauseGroup group) throws IOException {
    return sandboxes.create(event, group);
  }

  @Override
  public Verifier.Baseline before(Sandbox sandbox, Classified event, RootCauseGroup group)
      throws IOException, InterruptedException {
    return verifier.before(
        sandbox, VerifiedSelection.of(sandbox.project(), group), runResults(event));
  }

  /**
   * The failed run's own results, from its {@code run_results.json} in the incident's folder of the
   * artifact store (a later step's result of a node over an earlier one's), when the run finished
   * within {@code baselineMaxAge} (and not later than now, give or take {@link #CLOCK_SKEW}): an
   * older run's, or one of unknown or impossible age, may no longer stand for the data the fix is
   * built on.
   */
  private Optional<List<NodeResult>> runResults(Classified event) throws IOException {
    Instant finished = event.run().finishedAt();
    Instant now = Instant.now();
    if (event.results().isEmpty()
        || finished == null
        || finished.isBefore(now.minus(baselineMaxAge))
        || finished.isAfter(now.plus(CLOCK_SKEW))) {
      return Optional.empty();
    }
    Map<String, NodeResult> results = new LinkedHashMap<>();
    List<ArtifactRef> steps =
        event.results().stream()
            .sorted(
                Comparator.comparing(
                    ArtifactRef::step, Comparator.nullsFirst(Comparator.naturalOrder())))
            .toList();
    for (ArtifactRef stored : steps) {
      try {
        Path file = artifacts.stored(event.envelope().incidentId(), stored);
        for (NodeResult result : new ResultsReader(new JsonFactory()).read(file, "run-results")) {
          results.put(result.uniqueId(), result);
        }
      } catch (IllegalArgumentException | ArtifactFormatException e) {
        return Optional.empty(); // the baseline is then built
      }
    }
    return Optional.of(List.copyOf(results.values()));
  }

  @Override
  public String pushedBefore(Sandbox sandbox) throws IOException {
    return FixCommit.pushedBefore(sandbox);
  }

  @Override
  public FixChange change(
      Sandbox sandbox, Classified event, RootCauseGroup group, String pushedBefore)
      throws IOException, InterruptedException {
    List<Failure> failures = FailingRows.failuresOf(event, group);
    if (pushedBefore != null) {
      return resumed(sandbox, group, failures, pushedBefore);
    }
    return group.action() == Action.RECIPE
        ? recipe(sandbox, group, failures)
        : agent(sandbox, event, group, failures);
  }

  @Override
  public Guarded guard(Sandbox sandbox, FixChange change) throws IOException {
    FixCommit.Staged staged = FixCommit.stage(sandbox);
    List<GuardrailCheck> checks = new ArrayList<>();
    boolean same = sandbox.profileAsWritten();
    checks.add(
        new GuardrailCheck(
            "sandbox_profile_unchanged",
            same,
            same ? null : "the sandbox's dbt profile was changed during the fix"));
    checks.add(
        new GuardrailCheck(
            "no_links",
            staged.links().isEmpty(),
            staged.links().isEmpty()
                ? null
                : "adds symbolic links or submodules, which may point outside the project: "
                    + staged.links()));
    checks.addAll(guardrails.check(staged.changes(), change.failingValues()));
    return new Guarded(staged, List.copyOf(checks));
  }

  @Override
  public Verifier.Verdict verify(Sandbox sandbox, RootCauseGroup group, Verifier.Baseline before)
      throws IOException, InterruptedException {
    FixCommit.onlyTheTrackedFiles(sandbox);
    sandboxes.freshData(sandbox);
    return verifier.after(
        sandbox,
        VerifiedSelection.of(sandbox.project(), group),
        before,
        FixPipeline.allFailures(group));
  }

  @Override
  public GitChange push(
      Sandbox sandbox,
      Classified event,
      RootCauseGroup group,
      FixChange change,
      Guarded guarded,
      String pushedBefore)
      throws IOException {
    String diff =
        keep(
            event,
            "fix/" + group.groupId() + ".diff",
            new ByteArrayInputStream(guarded.staged().diff().getBytes(StandardCharsets.UTF_8)));
    FixCommit commit =
        pushedBefore != null
            ? new FixCommit(pushedBefore, guarded.staged().files())
            : FixCommit.commitAndPush(sandbox, change.summary(), guarded.staged().tree());
    return new GitChange(
        sandboxes.remote().uri(),
        event.run().gitSha(),
        Sandboxes.branch(event, group),
        commit.sha(),
        diff,
        commit.files());
  }

  @Override
  public void finish(Sandbox sandbox, boolean verified) throws IOException {
    sandboxes.finish(sandbox, verified);
  }

  /** The recipe, run without a model. */
  private FixChange recipe(Sandbox sandbox, RootCauseGroup group, List<Failure> failures)
      throws InterruptedException {
    long start = System.nanoTime();
    try {
      RecipeRunner.Applied applied =
          recipes.apply(sandbox, group.recipe(), group.rootCauseNode(), failures);
      return new FixChange(
          null,
          applied.summary(),
          Set.copyOf(applied.added()),
          FixChange.withoutModel("recipe", start),
          null);
    } catch (IOException e) {
      return FixChange.failed(
          "the recipe failed: " + e.getMessage(), FixChange.withoutModel("recipe", start));
    }
  }

  /**
   * The coding agent on the group's prompt; its transcript goes to the artifact store whatever the
   * run's ending. The failing values an accepted_values test reports are the only ones it may add.
   */
  private FixChange agent(
      Sandbox sandbox, Classified event, RootCauseGroup group, List<Failure> failures)
      throws IOException, InterruptedException {
    SandboxedAgent configured = agent.orElseThrow();
    FailingRows failing = FailingRows.read(dbt, sandbox, failures);
    String prompt =
        AgentPrompt.build(
            event, group, failures, failing.rows(), VerifiedSelection.of(sandbox.project(), group));
    SandboxedAgent.Run run = configured.run(sandbox, prompt);
    AgentResult result = run.result();
    String transcript =
        keep(
            event,
            "agent/" + group.groupId() + "-transcript.jsonl",
            Files.newInputStream(run.transcript()));
    AgentCost cost =
        new AgentCost(
            configured.agent().name(),
            result.usd(),
            result.inputTokens(),
            result.outputTokens(),
            result.turns(),
            run.millis());
    String summary =
        (result.summary() == null ? "The coding agent gave no summary." : result.summary().strip())
            + "\n\nMade by "
            + cost.agent()
            + " following the Pipeline Medic runbook "
            + AgentPrompt.runbookVersion()
            + " ("
            + prompt.length()
            + " characters of context).";
    return new FixChange(result.problem(), summary, failing.values(), cost, transcript);
  }

  /**
   * The fix a runner pushed on this group's branch before it could publish (it was killed, or the
   * group was redelivered): checked and verified again as it stands, never made a second time.
   */
  private FixChange resumed(
      Sandbox sandbox, RootCauseGroup group, List<Failure> failures, String pushedBefore)
      throws IOException, InterruptedException {
    long start = System.nanoTime();
    // the failing values as the tests at the run's commit report them, before the fix is restored
    Set<String> values = FailingRows.read(dbt, sandbox, failures).values();
    String message = FixCommit.restore(sandbox, pushedBefore);
    String by =
        group.action() == Action.RECIPE || agent.isEmpty() ? "recipe" : agent.get().agent().name();
    return new FixChange(null, message, values, FixChange.withoutModel(by, start), null);
  }

  /** Writes {@code content} into the incident's folder of the artifact store; its URI. */
  private String keep(Classified event, String path, InputStream content) throws IOException {
    try (content) {
      return artifacts.write(event.envelope().incidentId(), path, null, content).uri();
    }
  }
}
