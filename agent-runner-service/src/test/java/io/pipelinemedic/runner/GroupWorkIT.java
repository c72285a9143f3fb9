package io.pipelinemedic.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.pipelinemedic.artifacts.Extraction;
import io.pipelinemedic.artifacts.FailureExtractor;
import io.pipelinemedic.artifacts.LayerRules;
import io.pipelinemedic.dbt.DbtRunner;
import io.pipelinemedic.dbt.scenario.Scenario;
import io.pipelinemedic.dbt.scenario.ScenarioRun;
import io.pipelinemedic.dbt.scenario.ScenarioRunner;
import io.pipelinemedic.runner.dbt.DevDbt;
import io.pipelinemedic.runner.guard.Guardrails;
import io.pipelinemedic.schemas.Classified;
import io.pipelinemedic.schemas.Envelope;
import io.pipelinemedic.schemas.FixProposed;
import io.pipelinemedic.schemas.SourceReported;
import io.pipelinemedic.schemas.model.Action;
import io.pipelinemedic.schemas.model.DecisionRule;
import io.pipelinemedic.schemas.model.Failure;
import io.pipelinemedic.schemas.model.FailureClass;
import io.pipelinemedic.schemas.model.FileChange;
import io.pipelinemedic.schemas.model.FixOutcome;
import io.pipelinemedic.schemas.model.GuardrailCheck;
import io.pipelinemedic.schemas.model.Owner;
import io.pipelinemedic.schemas.model.Recipe;
import io.pipelinemedic.schemas.model.RootCauseGroup;
import io.pipelinemedic.testsupport.TestRuns;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Groups from their decision to their outcome with real parts: the scenario's nightly run with real
 * dbt, the project pushed to a local bare repository standing in for the team's, the group as the
 * classifier decides it (root, cascades, the example KB entry's recipe), then {@link GroupWork}:
 * sandbox, recipe, guardrails, dbt verification on the dev copy, a commit pushed on the group's
 * branch; or, for SOURCE, a report with the drafted note and no branch at all.
 */
class GroupWorkIT {

  private static final Path ROOT = Path.of(System.getProperty("medic.root", ".."));
  private static final ObjectMapper FRONT_MATTER =
      new ObjectMapper(new YAMLFactory())
          .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  @ParameterizedTest
  @CsvSource({
    "01-new-sku-prefix, new-sku-prefix, dbt_project.yml, '    - {prefix: GRD, product_line: garden}'",
    "03-new-order-status, new-order-status, models/staging/shop/_shop__models.yml,"
        + " 'cancelled, on_hold]'"
  })
  void aRecipeGroupIsFixedVerifiedAndPushedOnItsBranch(
      String name, String entry, String file, String addedLine) throws Exception {
    Played played = play(name);
    RootCauseGroup group = group(played, Action.RECIPE, entry);
    Classified event = event(played, group);

    GroupWork.Attempt attempt = played.work().fix(event, group);

    FixProposed fix = attempt.event();
    assertThat(fix.outcome()).as(fix.outcomeReason()).isEqualTo(FixOutcome.VERIFIED);
    assertThat(fix.guardrails()).extracting(GuardrailCheck::passed).containsOnly(true);
    assertThat(fix.verification().before().failed()).isPositive();
    assertThat(fix.verification().after().failed()).isZero();
    assertThat(fix.verification().after().errored()).isZero();
    assertThat(fix.cascadesResolved()).containsExactlyElementsOf(group.cascades());
    assertThat(fix.cost().agent()).isEqualTo("recipe");
    assertThat(fix.cost().usd()).isZero();
    assertThat(fix.change().files()).extracting(FileChange::path).contains(file);
    assertThat(fix.change().baseSha()).isEqualTo(played.run().commit());
    try (Repository bare = Git.open(played.remote().toFile()).getRepository();
        RevWalk walk = new RevWalk(bare)) {
      RevCommit pushed = walk.parseCommit(bare.resolve("refs/heads/" + fix.change().branch()));
      assertThat(pushed.getName()).isEqualTo(fix.change().commitSha());
      assertThat(pushed.getParent(0).getName()).isEqualTo(played.run().commit());
      assertThat(pushed.getAuthorIdent().getName()).isEqualTo("Pipeline Medic");
      assertThat(pushed.getFullMessage()).isEqualTo(fix.summary());
      try (TreeWalk changed = TreeWalk.forPath(bare, file, pushed.getTree())) {
        String content =
            new String(bare.open(changed.getObjectId(0)).getBytes(), StandardCharsets.UTF_8);
        assertThat(content).contains(addedLine);
      }
    }
    assertThat(played.workspaces()).isEmptyDirectory();
    System.out.printf("%s: %s; ms per step %s%n", name, fix.summary(), attempt.millis());
    assertThat(attempt.millis()).containsKeys("clone", "data", "fix", "verification");
  }

  @Test
  void aSourceGroupGetsAReportWithItsNoteAndNoBranch() throws Exception {
    Played played = play("02-duplicate-order-lines");
    RootCauseGroup group = group(played, Action.REPORT, "vendor-duplicate-order-lines");

    SourceReported report = played.work().report(event(played, group), group);

    assertThat(report.rootCauseNode()).isEqualTo("source.shop.vendor.order_lines");
    assertThat(report.relationName()).contains("raw_vendor").contains("order_lines");
    assertThat(report.email().to()).isEqualTo("vendor-feeds@shop.example");
    assertThat(report.email().body())
        .startsWith("Hello Vendor integrations,")
        .doesNotContain("{{")
        .containsPattern("order_line_id \\d+");
    assertThat(report.nextSteps())
        .contains("Ask the vendor for a corrected file (the drafted note).");
    try (Repository bare = Git.open(played.remote().toFile()).getRepository()) {
      assertThat(bare.getRefDatabase().getRefsByPrefix("refs/heads/medic/")).isEmpty();
    }
    System.out.printf(
        "02-duplicate-order-lines: %s%n%s%n", report.email().subject(), report.email().body());
  }

  /** A scenario played, its project in a bare remote, and the work set up against it. */
  private record Played(
      Scenario scenario,
      ScenarioRun run,
      Path remote,
      Extraction extraction,
      Path workspaces,
      GroupWork work) {}

  private static Played play(String name) throws Exception {
    Scenario scenario = Scenario.load(ROOT.resolve("examples/scenarios").resolve(name));
    Path work =
        Files.createTempDirectory(Files.createDirectories(Path.of("target/group-work-it")), name);
    ScenarioRun run = new ScenarioRunner(ROOT).run(scenario, work.resolve("scenario"));
    Path remote = work.resolve("remote.git");
    Git.cloneRepository()
        .setBare(true)
        .setURI(run.project().toUri().toString())
        .setDirectory(remote.toFile())
        .call()
        .close();
    Path workspaces = Files.createDirectories(work.resolve("workspaces"));
    GroupWork groupWork =
        new GroupWork(
            new GroupWork.Settings(
                workspaces,
                remote.toUri().toString(),
                run.warehouse(),
                Map.of("fx", run.warehouse().resolveSibling("fx.duckdb")),
                new Guardrails(List.of("models/**", "seeds/**", "dbt_project.yml"), 40)),
            new DevDbt(
                new DbtRunner(DbtRunner.projectExecutable(ROOT), Duration.ofMinutes(5), Map.of())));
    return new Played(scenario, run, remote, extract(run), workspaces, groupWork);
  }

  /** The group as the classifier decides it for the scenario: its ground truth, its KB entry. */
  private static RootCauseGroup group(Played played, Action action, String entry) throws Exception {
    Scenario.Expected expected = played.scenario().expected();
    List<String> roots = new ArrayList<>();
    List<String> cascades = new ArrayList<>();
    for (Failure failure : played.extraction().failures()) {
      (expected.cascades().contains(Scenario.groundTruthId(failure.uniqueId())) ? cascades : roots)
          .add(failure.uniqueId());
    }
    Map<String, Object> front = frontMatter(entry);
    Recipe recipe = FRONT_MATTER.convertValue(front.get("recipe"), Recipe.class);
    @SuppressWarnings("unchecked")
    Map<String, String> owner = (Map<String, String>) front.get("owner");
    return new RootCauseGroup(
        "g1",
        expected.rootCause(),
        FailureClass.valueOf(expected.failureClass()),
        action,
        DecisionRule.KB_ENTRY,
        0.9,
        "The KB entry " + entry + " decides.",
        null,
        roots,
        cascades,
        entry,
        recipe,
        body(entry),
        List.of(),
        new Owner(owner.get("name"), owner.get("email"), null));
  }

  private static Classified event(Played played, RootCauseGroup group) {
    return new Classified(
        Envelope.create("inc-" + System.nanoTime(), "classifier-service", Instant.now()),
        TestRuns.shopNightly("run-1", played.run().commit()),
        played.extraction().failures(),
        played.extraction().lineage(),
        List.of(group));
  }

  private static Extraction extract(ScenarioRun run) throws Exception {
    List<Path> runResults = new ArrayList<>();
    for (String step : List.of("step-2", "step-3")) {
      Path results = run.artifacts().resolve(step).resolve("run_results.json");
      if (Files.exists(results)) {
        runResults.add(results);
      }
    }
    return new FailureExtractor(new ObjectMapper(), LayerRules.conventional())
        .extract(
            runResults,
            run.artifacts().resolve("step-1/sources.json"),
            run.artifacts().resolve("step-3/manifest.json"));
  }

  private static Map<String, Object> frontMatter(String entry) throws Exception {
    String[] parts = markdown(entry).split("(?m)^---\\s*$", 3);
    @SuppressWarnings("unchecked")
    Map<String, Object> front = FRONT_MATTER.readValue(parts[1], Map.class);
    return front;
  }

  private static String body(String entry) throws Exception {
    return markdown(entry).split("(?m)^---\\s*$", 3)[2].strip();
  }

  private static String markdown(String entry) throws Exception {
    return Files.readString(
        ROOT.resolve("examples/shop/kb").resolve(entry + ".md"), StandardCharsets.UTF_8);
  }
}
