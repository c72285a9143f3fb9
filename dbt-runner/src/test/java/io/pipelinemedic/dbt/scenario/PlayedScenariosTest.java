package io.pipelinemedic.dbt.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipelinemedic.dbt.DbtResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A scenario is played once, then copied: each copy is the caller's own, and any change to what
 * decides the play (the project, the scenario, the dbt pins) plays it again.
 */
class PlayedScenariosTest {

  @TempDir Path root;

  private final List<String> plays = new ArrayList<>();
  private Scenario scenario;
  private PlayedScenarios played;

  @BeforeEach
  void aRepository() throws Exception {
    Files.createDirectories(root.resolve("examples/shop/models"));
    Files.writeString(root.resolve("examples/shop/models/orders.sql"), "select 1 as id");
    Files.createDirectories(root.resolve("tools/dbt"));
    Files.writeString(root.resolve("tools/dbt/requirements.txt"), "dbt-core==1.11.16\n");
    Files.createDirectories(root.resolve("examples/tools"));
    Files.writeString(root.resolve("examples/tools/run_sql.py"), "# runs a SQL file\n");
    Path dir = Files.createDirectories(root.resolve("examples/scenarios/01-broken"));
    Files.writeString(
        dir.resolve("scenario.yml"),
        "description: a broken model\nexpected:\n  class: CODE\n  root_cause: model.shop.orders\n");
    scenario = Scenario.load(dir);
    played = new PlayedScenarios(root.resolve("target/played"), root);
  }

  /** A play as the runner makes it: files on disk and the job's steps. */
  private ScenarioRun play(Scenario scenario, Path workDir) throws java.io.IOException {
    plays.add(scenario.name());
    Files.createDirectories(workDir.resolve("project"));
    Files.writeString(
        workDir.resolve("project/orders.sql"),
        Files.readString(root.resolve("examples/shop/models/orders.sql")));
    Files.createDirectories(workDir.resolve("project/dbt_packages"));
    Files.createSymbolicLink(
        workDir.resolve("project/dbt_packages/utils"), workDir.resolve("project/packages/utils"));
    Files.createDirectories(workDir.resolve("warehouse"));
    Files.writeString(workDir.resolve("warehouse/prod.duckdb"), "production #" + plays.size());
    Files.createDirectories(workDir.resolve("artifacts/step-2"));
    Files.writeString(workDir.resolve("artifacts/step-2/run_results.json"), "{}");
    Files.createDirectories(workDir.resolve("target"));
    DbtResult step =
        new DbtResult(List.of("dbt", "run"), 1, false, "1 error", "", Duration.ofMillis(1234));
    return new ScenarioRun(
        scenario,
        workDir.resolve("project"),
        "c0ffee",
        workDir.resolve("warehouse/prod.duckdb"),
        workDir.resolve("artifacts"),
        new DbtResult(List.of("dbt", "deps"), 0, false, "Installed", "", Duration.ofMillis(800)),
        List.of(step));
  }

  @Test
  void aScenarioIsPlayedOnceAndEveryCallerGetsItsOwnCopy() throws Exception {
    ScenarioRun first = played.copy(scenario, root.resolve("a"), this::play);
    Files.writeString(first.warehouse(), "changed by the first caller");
    ScenarioRun second = played.copy(scenario, root.resolve("b"), this::play);

    assertThat(plays).hasSize(1);
    assertThat(second.project()).isEqualTo(root.resolve("b/project"));
    assertThat(second.warehouse()).hasContent("production #1");
    assertThat(second.artifacts().resolve("step-2/run_results.json")).hasContent("{}");
    assertThat(second.commit()).isEqualTo("c0ffee");
    assertThat(second.scenario()).isEqualTo(scenario);
    assertThat(second.steps())
        .singleElement()
        .satisfies(
            step -> {
              assertThat(step.exitCode()).isEqualTo(1);
              assertThat(step.stdout()).isEqualTo("1 error");
              assertThat(step.duration()).isEqualTo(Duration.ofMillis(1234));
            });
    assertThat(second.deps().command()).containsExactly("dbt", "deps");
    assertThat(second.stoppedAtDeps()).isFalse();
    assertThat(root.resolve("b/target")).doesNotExist();
    assertThat(second.project().resolve("dbt_packages"))
        .as("installed packages link into the folder played in; they are not copied")
        .doesNotExist();
  }

  @Test
  void aChangeToTheProjectTheScenarioTheDbtPinsOrTheInjectionToolsPlaysItAgain() throws Exception {
    played.copy(scenario, root.resolve("a"), this::play);

    Files.writeString(root.resolve("examples/shop/models/orders.sql"), "select 2 as id");
    ScenarioRun changedProject = played.copy(scenario, root.resolve("b"), this::play);
    Files.writeString(scenario.dir().resolve("inject.sql"), "delete from orders");
    played.copy(scenario, root.resolve("c"), this::play);
    Files.writeString(root.resolve("tools/dbt/requirements.txt"), "dbt-core==1.11.17\n");
    played.copy(scenario, root.resolve("d"), this::play);
    Files.writeString(root.resolve("examples/tools/run_sql.py"), "# runs it differently\n");
    played.copy(scenario, root.resolve("e"), this::play);

    assertThat(plays).hasSize(5);
    assertThat(changedProject.project().resolve("orders.sql")).hasContent("select 2 as id");
    try (var kept = Files.list(root.resolve("target/played"))) {
      assertThat(kept.map(p -> p.getFileName().toString()))
          .as("only the latest play of a scenario is kept")
          .filteredOn(name -> !name.endsWith(".lock"))
          .hasSize(1);
    }
  }

  @Test
  void whatTheProjectWritesItselfAndOtherProjectsDoNotCount() throws Exception {
    played.copy(scenario, root.resolve("a"), this::play);
    Files.createDirectories(root.resolve("examples/shop/target"));
    Files.writeString(root.resolve("examples/shop/target/manifest.json"), "{}");
    Files.writeString(root.resolve("examples/shop/dev.duckdb"), "a local build");
    Files.createDirectories(root.resolve("examples/other"));
    Files.writeString(root.resolve("examples/other/dbt_project.yml"), "name: other\n");

    played.copy(scenario, root.resolve("b"), this::play);

    assertThat(plays).hasSize(1);
  }
}
