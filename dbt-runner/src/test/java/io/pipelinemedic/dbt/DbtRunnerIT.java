package io.pipelinemedic.dbt;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Runs the project's real dbt (installed by tools/dbt/ensure-venv) on the example project. */
class DbtRunnerIT {

  private static final Path ROOT =
      Path.of(System.getProperty("medic.root", "..")).toAbsolutePath().normalize();
  private static final Path SHOP = ROOT.resolve("examples/shop");

  @Test
  void listsTheExampleProjectsModels() throws Exception {
    DbtRunner runner =
        new DbtRunner(DbtRunner.projectExecutable(ROOT), Duration.ofMinutes(2), Map.of());

    DbtResult result =
        runner.run(
            DbtCommand.of("ls")
                .resourceTypes("model")
                .projectDir(SHOP)
                .profilesDir(SHOP)
                .targetPath(Path.of("target/dbt-ls"))
                .build(),
            SHOP);

    assertThat(result.succeeded()).as(result.describe()).isTrue();
    assertThat(result.stdout())
        .contains("shop.staging.vendor.stg_order_lines", "shop.marts.fct_orders");
    assertThat(result.command().get(0)).endsWith(".venv/dbt/bin/dbt");
  }

  @Test
  void confinedItRunsWithTheProjectAndItsOwnRuntimeReadOnly() throws Exception {
    Path target = Files.createDirectories(Path.of("target/dbt-ls-confined").toAbsolutePath());
    DbtRunner runner =
        new DbtRunner(DbtRunner.projectExecutable(ROOT), Duration.ofMinutes(2), Map.of())
            .confined(
                Confinement.bubblewrap(Confinement.runtime(DbtRunner.projectExecutable(ROOT)))
                    .readOnly(List.of(SHOP))
                    .writable(List.of(target)));

    DbtResult result =
        runner.run(
            DbtCommand.of("ls")
                .resourceTypes("model")
                .projectDir(SHOP)
                .profilesDir(SHOP)
                .targetPath(target)
                .logPath(target)
                .build(),
            SHOP);

    assertThat(result.succeeded()).as(result.describe()).isTrue();
    assertThat(result.stdout()).contains("shop.marts.fct_orders");
  }

  @Test
  void aFailureKeepsTheExitCodeAndTheLabelledOutput() throws Exception {
    DbtRunner runner =
        new DbtRunner(DbtRunner.projectExecutable(ROOT), Duration.ofMinutes(2), Map.of());

    DbtResult result =
        runner.run(
            DbtCommand.of("ls")
                .target("no_such_target")
                .projectDir(SHOP)
                .profilesDir(SHOP)
                .targetPath(Path.of("target/dbt-ls"))
                .build(),
            SHOP);

    assertThat(result.succeeded()).isFalse();
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.timedOut()).isFalse();
    assertThat(result.describe())
        .contains("exited with 2", "--- stdout ---", "--- stderr ---")
        .contains("no_such_target");
  }

  @Test
  void anInvocationOverItsTimeoutIsKilled() throws Exception {
    DbtRunner runner =
        new DbtRunner(DbtRunner.projectExecutable(ROOT), Duration.ofMillis(200), Map.of());

    DbtResult result =
        runner.run(DbtCommand.of("parse").projectDir(SHOP).profilesDir(SHOP).build(), SHOP);

    assertThat(result.timedOut()).isTrue();
    assertThat(result.exitCode()).isEqualTo(-1);
    assertThat(result.describe()).contains("timed out and was killed");
  }
}
