package io.pipelinemedic.runner;

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
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One root-cause group from its decision to its outcome. A RECIPE group gets a sandbox, the recipe,
 * the guardrails on the diff, dbt's verification on the dev copy, and only then a commit pushed on
 * its branch; any step that fails ends in a {@code fix.proposed} that says which and why, never in
 * a pushed branch. A REPORT group gets a report and a drafted note, and no branch. The sandbox is
 * removed afterwards.
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
   */
  public record Settings(
      Path workspaces,
      String remote,
      Path production,
      Map<String, Path> attachments,
      Guardrails guardrails) {}

  /**
   * A fix attempt and where its time went.
   *
   * @param event the outcome to publish
   * @param millis wall time per step: clone, data, fix, verification
   */
  public record Attempt(FixProposed event, Map<String, Long> millis) {}

  /** Failing rows a report quotes. */
  static final int REPORT_ROWS = 50;

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

  /** Executes a RECIPE group's recipe, verifies it and, when it holds, pushes its branch. */
  public Attempt fix(Classified event, RootCauseGroup group)
      throws IOException, InterruptedException {
    if (group.action() != Action.RECIPE || group.recipe() == null) {
      throw new IllegalArgumentException(group.groupId() + " is not a RECIPE group");
    }
    String base = event.run().gitSha();
    Map<String, Long> millis = new LinkedHashMap<>();
    Workspace workspace = sandbox(event, group);
    try {
      millis.put("clone", workspace.cloneMillis());
      millis.put("data", workspace.dataMillis());
      long start = System.nanoTime();
      DevDbt.Build before = verifier.before(workspace, group.rootCauseNode());
      long verifying = System.nanoTime() - start;
      start = System.nanoTime();
      RecipeRunner.Applied applied;
      try {
        applied = recipes.apply(workspace, group.recipe(), failures(event, group));
      } catch (IOException e) {
        millis.put("fix", (System.nanoTime() - start) / 1_000_000);
        return new Attempt(
            outcome(
                event,
                group,
                FixOutcome.FIX_FAILED,
                "the recipe failed: " + e.getMessage(),
                null,
                null,
                null,
                List.of(),
                millis),
            millis);
      }
      List<GuardrailCheck> guardrails =
          settings.guardrails().check(FixCommit.changes(workspace), Set.copyOf(applied.added()));
      millis.put("fix", (System.nanoTime() - start) / 1_000_000);
      if (!Guardrails.allPassed(guardrails)) {
        return new Attempt(
            outcome(
                event,
                group,
                FixOutcome.GUARDRAIL_REJECTED,
                failed(guardrails),
                applied.summary(),
                null,
                null,
                guardrails,
                millis),
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
                FixOutcome.VERIFICATION_FAILED,
                String.join("; ", problems),
                applied.summary(),
                null,
                verification,
                guardrails,
                millis),
            millis);
      }
      FixCommit commit = FixCommit.commitAndPush(workspace, applied.summary());
      GitChange change =
          new GitChange(
              settings.remote(), base, branch(event, group), commit.sha(), null, commit.files());
      return new Attempt(
          outcome(
              event,
              group,
              FixOutcome.VERIFIED,
              null,
              applied.summary(),
              change,
              verification,
              guardrails,
              millis),
          millis);
    } finally {
      workspace.delete();
    }
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

  private Workspace sandbox(Classified event, RootCauseGroup group) throws IOException {
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

  private FixProposed outcome(
      Classified event,
      RootCauseGroup group,
      FixOutcome outcome,
      String reason,
      String summary,
      GitChange change,
      Verification verification,
      List<GuardrailCheck> guardrails,
      Map<String, Long> millis) {
    return new FixProposed(
        Envelope.create(event.envelope().incidentId(), SourceReports.PRODUCER, Instant.now()),
        group.groupId(),
        group.rootCauseNode(),
        group.action(),
        outcome,
        reason,
        change,
        summary,
        group.kbEntryId(),
        verification,
        guardrails,
        resolved(group, verification),
        new AgentCost("recipe", 0, 0, 0, 0, millis.getOrDefault("fix", 0L)),
        null,
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
