package io.pipelinemedic.runner;

import io.pipelinemedic.dbt.Folders;
import io.pipelinemedic.runner.agent.AgentPrompt;
import io.pipelinemedic.runner.agent.AgentResult;
import io.pipelinemedic.runner.agent.SandboxedAgent;
import io.pipelinemedic.runner.dbt.DevDbt;
import io.pipelinemedic.runner.git.FixCommit;
import io.pipelinemedic.runner.guard.Guardrails;
import io.pipelinemedic.runner.recipe.RecipeRunner;
import io.pipelinemedic.runner.report.SourceReports;
import io.pipelinemedic.runner.verify.Verifier;
import io.pipelinemedic.runner.workspace.Workspace;
import io.pipelinemedic.schemas.Classified;
import io.pipelinemedic.schemas.Envelope;
import io.pipelinemedic.schemas.FixProposed;
import io.pipelinemedic.schemas.SourceReported;
import io.pipelinemedic.schemas.model.Action;
import io.pipelinemedic.schemas.model.AgentCost;
import io.pipelinemedic.schemas.model.Failure;
import io.pipelinemedic.schemas.model.FailureClass;
import io.pipelinemedic.schemas.model.FixOutcome;
import io.pipelinemedic.schemas.model.GitChange;
import io.pipelinemedic.schemas.model.GuardrailCheck;
import io.pipelinemedic.schemas.model.RootCauseGroup;
import io.pipelinemedic.schemas.model.Verification;
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
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One root-cause group from its decision to its outcome. A CODE group gets a sandbox, its fix (the
 * KB recipe, or the coding agent on the runbook's prompt), the guardrails on the diff, dbt's
 * verification on the dev copy, and only then a commit pushed on its branch; any step that fails
 * ends in a {@code fix.proposed} that says which and why, never in a pushed branch. A REPORT group
 * gets a report and a drafted note, and no branch. The sandbox is removed afterwards; a failed
 * attempt's is kept for a configured time.
 */
public final class GroupWork {

  /**
   * Where and how the work is done.
   *
   * @param workspaces the folder sandboxes are made in
   * @param remote the team's dbt repository
   * @param production the production DuckDB file, only copied
   * @param attachments other production databases the models read, attached read-only
   * @param guardrails the checks every diff must pass
   * @param agent the coding agent for AGENT groups, or {@code null} when none is configured
   * @param artifacts where agents' transcripts and fixes' diffs are kept
   * @param keepFailed how long the sandbox of an attempt that did not end VERIFIED is kept for a
   *     look (zero: removed at once, like every other)
   */
  public record Settings(
      Path workspaces,
      String remote,
      Path production,
      Map<String, Path> attachments,
      Guardrails guardrails,
      SandboxedAgent agent,
      ArtifactStore artifacts,
      Duration keepFailed) {}

  /**
   * A fix attempt and where its time went.
   *
   * @param event the outcome to publish
   * @param millis wall time per step: clone, data, fix, verification, push
   */
  public record Attempt(FixProposed event, Map<String, Long> millis) {}

  /** Failing rows a report quotes. */
  static final int REPORT_ROWS = 50;

  /**
   * Failing rows on the dev copy.
   *
   * @param rows a sample per failing test, by unique id
   * @param values the values its accepted_values tests report
   */
  private record FailingRows(Map<String, List<Map<String, Object>>> rows, Set<String> values) {}

  /** Failing rows per test the agent's prompt quotes. */
  static final int PROMPT_ROWS = 20;

  /**
   * What the fix step did, before anything checks it.
   *
   * @param problem why there is no change to check, or {@code null}
   * @param summary what changed and why, for the commit and the pull request
   * @param failingValues the values the failing tests report: the only ones a list may gain
   * @param cost what it cost
   * @param transcriptUri the agent's transcript in the artifact store, for an agent
   */
  private record Change(
      String problem,
      String summary,
      Set<String> failingValues,
      AgentCost cost,
      String transcriptUri) {

    static Change failed(String problem, AgentCost cost) {
      return new Change(problem, null, Set.of(), cost, null);
    }
  }

  private final Settings settings;
  private final DevDbt dbt;
  private final RecipeRunner recipes;
  private final Verifier verifier;

  public GroupWork(Settings settings, DevDbt dbt) {
    this.settings = settings;
    this.dbt = dbt;
    this.recipes = new RecipeRunner(dbt);
    this.verifier = new Verifier(dbt);
  }

  /** The branch of a group: {@code medic/<incident>-<group>}. */
  public static String branch(Classified event, RootCauseGroup group) {
    return "medic/" + event.envelope().incidentId() + "-" + group.groupId();
  }

  /**
   * Fixes a CODE group (its KB recipe, or the coding agent), checks the diff, verifies it and, when
   * it holds, pushes its branch.
   */
  public Attempt fix(Classified event, RootCauseGroup group)
      throws IOException, InterruptedException {
    if (group.failureClass() == FailureClass.SOURCE
        || (group.action() == Action.RECIPE && group.recipe() == null)
        || (group.action() != Action.RECIPE && group.action() != Action.AGENT)) {
      throw new IllegalArgumentException(group.groupId() + " is not a RECIPE or AGENT group");
    }
    Map<String, Long> millis = new LinkedHashMap<>();
    if (group.action() == Action.AGENT && settings.agent() == null) {
      Change none = Change.failed("no coding agent is configured for AGENT groups", null);
      return new Attempt(
          outcome(event, group, none, FixOutcome.FIX_FAILED, none.problem(), null, null, List.of()),
          millis);
    }
    Workspace workspace = sandbox(event, group);
    boolean verified = false;
    try {
      Attempt attempt = attempt(event, group, workspace, millis);
      verified = attempt.event().outcome() == FixOutcome.VERIFIED;
      return attempt;
    } catch (FixCommit.BranchTaken taken) {
      // the other runner's commit is the fix: a fresh sandbox finds it and resumes it
      return fix(event, group);
    } finally {
      if (verified || settings.keepFailed().isZero()) {
        workspace.delete();
      }
    }
  }

  private Attempt attempt(
      Classified event, RootCauseGroup group, Workspace workspace, Map<String, Long> millis)
      throws IOException, InterruptedException {
    String base = event.run().gitSha();
    millis.put("clone", workspace.cloneMillis());
    millis.put("data", workspace.dataMillis());
    long start = System.nanoTime();
    DevDbt.Build before = verifier.before(workspace, group.rootCauseNode());
    long verifying = System.nanoTime() - start;
    String profile = Files.readString(workspace.profile(), StandardCharsets.UTF_8);
    String pushedBefore = FixCommit.pushedBefore(workspace);
    start = System.nanoTime();
    Change change;
    if (pushedBefore != null) {
      change = resumed(workspace, event, group, pushedBefore);
    } else if (group.action() == Action.RECIPE) {
      change = recipe(workspace, group, failures(event, group));
    } else {
      change = agent(workspace, event, group);
    }
    millis.put("fix", (System.nanoTime() - start) / 1_000_000);
    if (change.problem() != null) {
      return new Attempt(
          outcome(
              event, group, change, FixOutcome.FIX_FAILED, change.problem(), null, null, List.of()),
          millis);
    }
    FixCommit.Staged staged = FixCommit.stage(workspace);
    List<GuardrailCheck> guardrails = new ArrayList<>();
    guardrails.add(sandboxProfile(workspace, profile));
    guardrails.addAll(settings.guardrails().check(staged.changes(), change.failingValues()));
    if (!Guardrails.allPassed(guardrails)) {
      return new Attempt(
          outcome(
              event,
              group,
              change,
              FixOutcome.GUARDRAIL_REJECTED,
              failed(guardrails),
              null,
              null,
              guardrails),
          millis);
    }
    start = System.nanoTime();
    List<String> problems = new ArrayList<>();
    Verification verification =
        verifier.after(workspace, group.rootCauseNode(), before, allFailures(group), problems);
    millis.put("verification", (System.nanoTime() - start + verifying) / 1_000_000);
    if (!verification.passed()) {
      return new Attempt(
          outcome(
              event,
              group,
              change,
              FixOutcome.VERIFICATION_FAILED,
              String.join("; ", problems),
              null,
              verification,
              guardrails),
          millis);
    }
    String diff =
        keep(
            event,
            "fix/" + group.groupId() + ".diff",
            new ByteArrayInputStream(staged.diff().getBytes(StandardCharsets.UTF_8)));
    start = System.nanoTime();
    FixCommit commit =
        pushedBefore != null
            ? new FixCommit(pushedBefore, staged.files())
            : FixCommit.commitAndPush(workspace, change.summary());
    millis.put("push", (System.nanoTime() - start) / 1_000_000);
    GitChange pushed =
        new GitChange(
            settings.remote(), base, branch(event, group), commit.sha(), diff, commit.files());
    return new Attempt(
        outcome(event, group, change, FixOutcome.VERIFIED, null, pushed, verification, guardrails),
        millis);
  }

  /** A REPORT group's report, quoting the failing rows as the dev copy shows them. */
  public SourceReported report(Classified event, RootCauseGroup group)
      throws IOException, InterruptedException {
    if (group.failureClass() != FailureClass.SOURCE) {
      throw new IllegalArgumentException(group.groupId() + " is not a SOURCE group");
    }
    Workspace workspace = sandbox(event, group);
    try {
      Failure lead =
          failures(event, group).stream()
              .filter(f -> f.compiledCode() != null)
              .findFirst()
              .orElse(null);
      List<Map<String, Object>> rows =
          lead == null ? List.of() : dbt.show(workspace, lead.compiledCode(), REPORT_ROWS);
      return SourceReports.build(event, group, rows, Instant.now());
    } finally {
      workspace.delete();
    }
  }

  /**
   * A new sandbox for the group, after removing the failed attempts' sandboxes that were kept for
   * longer than {@code keepFailed} (none are kept when it is zero, and another group's sandbox in
   * the making must not be swept).
   */
  private Workspace sandbox(Classified event, RootCauseGroup group) throws IOException {
    if (!settings.keepFailed().isZero() && Files.isDirectory(settings.workspaces())) {
      Instant expired = Instant.now().minus(settings.keepFailed());
      try (Stream<Path> kept = Files.list(settings.workspaces())) {
        for (Path old : kept.toList()) {
          if (Files.getLastModifiedTime(old).toInstant().isBefore(expired)) {
            Folders.delete(old);
          }
        }
      }
    }
    Path root =
        settings
            .workspaces()
            .resolve(
                event.envelope().incidentId() + "-" + group.groupId() + "-" + System.nanoTime());
    return Workspace.create(
        root,
        settings.remote(),
        event.run().gitSha(),
        branch(event, group),
        settings.production(),
        settings.attachments());
  }

  /** The recipe, run without a model. */
  private Change recipe(Workspace workspace, RootCauseGroup group, List<Failure> failures)
      throws InterruptedException {
    long start = System.nanoTime();
    try {
      RecipeRunner.Applied applied = recipes.apply(workspace, group.recipe(), failures);
      return new Change(
          null,
          applied.summary(),
          Set.copyOf(applied.added()),
          withoutModel("recipe", start),
          null);
    } catch (IOException e) {
      return Change.failed("the recipe failed: " + e.getMessage(), withoutModel("recipe", start));
    }
  }

  /**
   * The coding agent on the group's prompt; its transcript goes to the artifact store whatever the
   * run's ending. The failing values an accepted_values test reports are the only ones it may add.
   */
  private Change agent(Workspace workspace, Classified event, RootCauseGroup group)
      throws IOException, InterruptedException {
    List<Failure> failures = failures(event, group);
    FailingRows failing = failingRows(workspace, failures);
    String prompt = AgentPrompt.build(event, group, failures, failing.rows());
    SandboxedAgent.Run run = settings.agent().run(workspace, prompt);
    AgentResult result = run.result();
    String transcript =
        keep(
            event,
            "agent/" + group.groupId() + "-transcript.jsonl",
            Files.newInputStream(run.transcript()));
    AgentCost cost =
        new AgentCost(
            settings.agent().agent().name(),
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
    return new Change(result.problem(), summary, failing.values(), cost, transcript);
  }

  /**
   * The fix a runner pushed on this group's branch before it could publish (it was killed, or the
   * group was redelivered): checked and verified again as it stands, never made a second time.
   */
  private Change resumed(
      Workspace workspace, Classified event, RootCauseGroup group, String pushedBefore)
      throws IOException, InterruptedException {
    long start = System.nanoTime();
    String message = FixCommit.restore(workspace, pushedBefore);
    Set<String> values = failingRows(workspace, failures(event, group)).values();
    String agent =
        group.action() == Action.RECIPE || settings.agent() == null
            ? "recipe"
            : settings.agent().agent().name();
    return new Change(null, message, values, withoutModel(agent, start), null);
  }

  /**
   * A sample of each failing test's rows on the dev copy (a test whose SQL cannot run there goes
   * without), and the values its accepted_values tests report.
   */
  private FailingRows failingRows(Workspace workspace, List<Failure> failures)
      throws InterruptedException {
    Map<String, List<Map<String, Object>>> rows = new LinkedHashMap<>();
    Set<String> values = new LinkedHashSet<>();
    for (Failure failure : failures) {
      if (failure.compiledCode() == null || !"test".equals(failure.resourceType())) {
        continue;
      }
      List<Map<String, Object>> sample;
      try {
        sample = dbt.show(workspace, failure.compiledCode(), PROMPT_ROWS);
      } catch (IOException e) {
        continue;
      }
      rows.put(failure.uniqueId(), sample);
      if ("accepted_values".equals(failure.testName())) {
        sample.forEach(row -> values.add(String.valueOf(row.get("value_field"))));
      }
    }
    return new FailingRows(rows, values);
  }

  /** Writes {@code content} into the incident's folder of the artifact store; its URI. */
  private String keep(Classified event, String path, InputStream content) throws IOException {
    try (content) {
      return settings.artifacts().write(event.envelope().incidentId(), path, null, content).uri();
    }
  }

  /** The sandbox's own profile must be as the workspace wrote it: dev, and nothing else. */
  private static GuardrailCheck sandboxProfile(Workspace workspace, String written)
      throws IOException {
    boolean same =
        Files.exists(workspace.profile())
            && Files.readString(workspace.profile(), StandardCharsets.UTF_8).equals(written);
    return new GuardrailCheck(
        "sandbox_profile_unchanged",
        same,
        same ? null : "the sandbox's dbt profile was changed during the fix");
  }

  /** What a fix step that calls no model cost: its time since {@code start}. */
  private static AgentCost withoutModel(String agent, long start) {
    return new AgentCost(agent, 0, 0, 0, 0, (System.nanoTime() - start) / 1_000_000);
  }

  private FixProposed outcome(
      Classified event,
      RootCauseGroup group,
      Change change,
      FixOutcome outcome,
      String reason,
      GitChange pushed,
      Verification verification,
      List<GuardrailCheck> guardrails) {
    return new FixProposed(
        Envelope.create(event.envelope().incidentId(), SourceReports.PRODUCER, Instant.now()),
        group.groupId(),
        group.rootCauseNode(),
        group.action(),
        outcome,
        reason,
        pushed,
        change.summary(),
        group.kbEntryId(),
        verification,
        guardrails,
        resolved(group, verification),
        change.cost(),
        change.transcriptUri(),
        group.owner(),
        group.confidence());
  }

  /** The group's cascades that pass after the fix. */
  private static List<String> resolved(RootCauseGroup group, Verification verification) {
    if (verification == null || !verification.passed()) {
      return List.of();
    }
    Set<String> passing =
        verification.results().stream()
            .filter(r -> Set.of("pass", "success").contains(r.status()))
            .map(r -> Verifier.identity(r.uniqueId()))
            .collect(Collectors.toSet());
    return group.cascades().stream().filter(c -> passing.contains(Verifier.identity(c))).toList();
  }

  /** The group's failures, roots first, then cascades. */
  private static List<Failure> failures(Classified event, RootCauseGroup group) {
    Map<String, Failure> byId =
        event.failures().stream().collect(Collectors.toMap(Failure::uniqueId, f -> f, (a, b) -> a));
    return allFailures(group).stream().map(byId::get).filter(Objects::nonNull).toList();
  }

  private static List<String> allFailures(RootCauseGroup group) {
    List<String> ids = new ArrayList<>(group.failures());
    ids.addAll(group.cascades());
    return ids;
  }

  private static String failed(List<GuardrailCheck> checks) {
    return checks.stream()
        .filter(check -> !check.passed())
        .map(check -> check.name() + ": " + check.reason())
        .collect(Collectors.joining("; "));
  }
}
