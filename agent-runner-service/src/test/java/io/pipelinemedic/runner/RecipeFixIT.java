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
import io.pipelinemedic.runner.git.FixCommit;
import io.pipelinemedic.runner.recipe.RecipeRunner;
import io.pipelinemedic.runner.verify.Verifier;
import io.pipelinemedic.runner.workspace.Workspace;
import io.pipelinemedic.schemas.model.Failure;
import io.pipelinemedic.schemas.model.FileChange;
import io.pipelinemedic.schemas.model.Recipe;
import io.pipelinemedic.schemas.model.Verification;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The recipe path with real parts, for every CODE scenario whose KB entry has a recipe: the
 * scenario's nightly run with real dbt, the project pushed to a local bare repository, a workspace
 * cloned from it at the run's commit with a dev copy of production, the KB entry's recipe executed,
 * verified by dbt before and after on the dev copy, committed and pushed on the group's branch.
 */
class RecipeFixIT {

  private static final Path ROOT = Path.of(System.getProperty("medic.root", ".."));
  private static final ObjectMapper FRONT_MATTER =
      new ObjectMapper(new YAMLFactory())
          .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  @ParameterizedTest
  @CsvSource({
    "01-new-sku-prefix, new-sku-prefix, model.shop.stg_order_lines, dbt_project.yml,"
        + " '    - {prefix: GRD, product_line: garden}'",
    "03-new-order-status, new-order-status, model.shop.stg_orders,"
        + " models/staging/shop/_shop__models.yml, 'cancelled, on_hold]'"
  })
  void theKbRecipeFixesTheScenarioAndDbtConfirmsIt(
      String name, String entry, String root, String file, String addedLine) throws Exception {
    Scenario scenario = Scenario.load(ROOT.resolve("examples/scenarios").resolve(name));
    Path work =
        Files.createTempDirectory(Files.createDirectories(Path.of("target/recipe-it")), name);
    ScenarioRun run = new ScenarioRunner(ROOT).run(scenario, work.resolve("scenario"));
    Path remote = work.resolve("remote.git");
    Git.cloneRepository()
        .setBare(true)
        .setURI(run.project().toUri().toString())
        .setDirectory(remote.toFile())
        .call()
        .close();
    List<Failure> failures = failures(run);
    String branch = "medic/inc-1-" + root.substring(root.lastIndexOf('.') + 1).replace('_', '-');

    Workspace workspace =
        Workspace.create(
            work.resolve("workspace"),
            remote.toUri().toString(),
            run.commit(),
            branch,
            run.warehouse(),
            Map.of("fx", run.warehouse().resolveSibling("fx.duckdb")));
    assertThat(Files.readString(workspace.profiles().resolve("profiles.yml")))
        .as("the profile knows only the dev copy")
        .doesNotContain(run.warehouse().toString())
        .contains("read_only: true");
    DevDbt dbt =
        new DevDbt(
            new DbtRunner(DbtRunner.projectExecutable(ROOT), Duration.ofMinutes(5), Map.of()));
    Verifier verifier = new Verifier(dbt);

    DevDbt.Build before = verifier.before(workspace, root);
    RecipeRunner.Applied applied = new RecipeRunner(dbt).apply(workspace, recipe(entry), failures);
    List<String> problems = new ArrayList<>();
    Verification verification =
        verifier.after(
            workspace, root, before, failures.stream().map(Failure::uniqueId).toList(), problems);
    FixCommit commit = FixCommit.commitAndPush(workspace, applied.summary());

    assertThat(problems).isEmpty();
    assertThat(verification.passed()).isTrue();
    assertThat(verification.before().failed())
        .as("dbt build skips what a failing test guards, so only the root's test fails before")
        .isPositive();
    assertThat(verification.after().failed()).isZero();
    assertThat(applied.files()).contains(file);
    assertThat(commit.files()).extracting(FileChange::path).contains(file);
    assertThat(commit.files())
        .allSatisfy(change -> assertThat(change.deletions()).isLessThanOrEqualTo(1));
    assertThat(commit.diff()).contains(addedLine);
    try (Repository bare = Git.open(remote.toFile()).getRepository();
        RevWalk walk = new RevWalk(bare)) {
      RevCommit pushed = walk.parseCommit(bare.resolve("refs/heads/" + branch));
      assertThat(pushed.getName()).isEqualTo(commit.sha());
      assertThat(pushed.getParent(0).getName()).isEqualTo(run.commit());
      assertThat(pushed.getAuthorIdent().getName()).isEqualTo("Pipeline Medic");
    }
    System.out.printf(
        "%s: %s; verification %d ms (before %s, after %s)%n",
        name,
        applied.summary(),
        verification.durationMs(),
        verification.before(),
        verification.after());
    workspace.delete();
    assertThat(work.resolve("workspace")).doesNotExist();
  }

  /** The run's failures as the context step extracts them. */
  private static List<Failure> failures(ScenarioRun run) throws Exception {
    List<Path> runResults = new ArrayList<>();
    for (String step : List.of("step-2", "step-3")) {
      Path results = run.artifacts().resolve(step).resolve("run_results.json");
      if (Files.exists(results)) {
        runResults.add(results);
      }
    }
    Extraction extraction =
        new FailureExtractor(new ObjectMapper(), LayerRules.conventional())
            .extract(
                runResults,
                run.artifacts().resolve("step-1/sources.json"),
                run.artifacts().resolve("step-3/manifest.json"));
    return extraction.failures();
  }

  /** The recipe of the example KB entry, read from its front matter. */
  private static Recipe recipe(String entry) throws Exception {
    String markdown =
        Files.readString(
            ROOT.resolve("examples/shop/kb").resolve(entry + ".md"), StandardCharsets.UTF_8);
    String frontMatter = markdown.split("(?m)^---\\s*$")[1];
    return FRONT_MATTER.treeToValue(FRONT_MATTER.readTree(frontMatter).get("recipe"), Recipe.class);
  }
}
