package io.pipelinemedic.dbt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DbtCommandTest {

  @Test
  void buildOfASelectionAgainstATargetIsThisExactArgumentList() {
    DbtCommand command =
        DbtCommand.of("build")
            .select("stg_order_lines+", "tag:nightly")
            .exclude("fct_orders")
            .target("dev")
            .projectDir(Path.of("/work/shop"))
            .profilesDir(Path.of("/work/profiles"))
            .logPath(Path.of("/work/logs"))
            .threads(4)
            .build();

    assertThat(command.arguments())
        .containsExactly(
            "build",
            "--select",
            "stg_order_lines+",
            "tag:nightly",
            "--exclude",
            "fct_orders",
            "--target",
            "dev",
            "--project-dir",
            "/work/shop",
            "--profiles-dir",
            "/work/profiles",
            "--log-path",
            "/work/logs",
            "--threads",
            "4");
  }

  @Test
  void sourceFreshnessIsTwoWordsAndWritesWhereItIsTold() {
    DbtCommand command =
        DbtCommand.sourceFreshness().target("prod").targetPath(Path.of("/tmp/step-1")).build();

    assertThat(command.arguments())
        .containsExactly("source", "freshness", "--target", "prod", "--target-path", "/tmp/step-1");
  }

  @Test
  void resourceTypesAreCheckedAgainstDbtsList() {
    assertThat(DbtCommand.of("ls").resourceTypes("model", "source").build().arguments())
        .containsExactly("ls", "--resource-type", "model", "--resource-type", "source");
    assertThatThrownBy(() -> DbtCommand.of("ls").resourceTypes("table"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown dbt resource type: table");
  }

  @Test
  void aSelectorThatLooksLikeAFlagIsRefused() {
    assertThatThrownBy(() -> DbtCommand.of("build").select("--full-refresh"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("refused selector value: '--full-refresh'");
    assertThatThrownBy(() -> DbtCommand.of("build").exclude(" "))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DbtCommand.of("build").select())
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aTargetMustBeAPlainName() {
    assertThatThrownBy(() -> DbtCommand.of("run").target("-prod"))
        .hasMessageContaining("refused target value");
    assertThatThrownBy(() -> DbtCommand.of("run").target("prod; rm -rf /"))
        .hasMessageContaining("refused target value");
  }

  @Test
  void unknownSubcommandsAreRefused() {
    assertThatThrownBy(() -> DbtCommand.of("run-operation"))
        .hasMessageContaining("unsupported dbt subcommand: run-operation");
    // dbt show --inline renders its SQL as Jinja: rows are read without dbt
    assertThatThrownBy(() -> DbtCommand.of("show"))
        .hasMessageContaining("unsupported dbt subcommand: show");
  }
}
