package io.pipelinemedic.runner.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipelinemedic.runner.PlayedScenario;
import io.pipelinemedic.schemas.Classified;
import io.pipelinemedic.schemas.SourceReported;
import io.pipelinemedic.schemas.model.Action;
import io.pipelinemedic.schemas.model.Failure;
import io.pipelinemedic.schemas.model.RootCauseGroup;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Repository;
import org.junit.jupiter.api.Test;

/**
 * A SOURCE group with real parts: the vendor-duplicates night played with real dbt, the failing
 * rows read on a sandbox's dev area, the report with its drafted note, and no branch at all.
 */
class SourceReporterIT {

  @Test
  void aSourceGroupGetsAReportWithItsNoteAndNoBranch() throws Exception {
    PlayedScenario played = PlayedScenario.play("02-duplicate-order-lines", "source-reporter-it");
    Path workspaces = Files.createDirectories(played.remote().resolveSibling("workspaces"));
    RootCauseGroup group = played.group(Action.REPORT, "vendor-duplicate-order-lines");

    SourceReported report =
        played.reporter(workspaces).report(played.event("inc-" + System.nanoTime(), group), group);

    assertThat(report.rootCauseNode()).isEqualTo("source.shop.vendor.order_lines");
    assertThat(report.relationName()).contains("raw_vendor").contains("order_lines");
    assertThat(report.email().to()).isEqualTo("vendor-feeds@shop.example");
    assertThat(report.email().body())
        .startsWith("Hello Vendor integrations,")
        .doesNotContain("{{")
        .containsPattern("order_line_id \\d+");
    assertThat(report.nextSteps())
        .contains("Ask the vendor for a corrected file (the drafted note).");
    assertThat(workspaces).as("the sandbox is removed").isEmptyDirectory();
    try (Repository bare = Git.open(played.remote().toFile()).getRepository()) {
      assertThat(bare.getRefDatabase().getRefsByPrefix("refs/heads/medic/")).isEmpty();
    }
    System.out.printf(
        "02-duplicate-order-lines: %s%n%s%n", report.email().subject(), report.email().body());
  }

  @Test
  void theUploadedSqlIsNeverRunOnlyTheTestCompiledFromTheTeamsRepository() throws Exception {
    PlayedScenario played = PlayedScenario.play("02-duplicate-order-lines", "source-reporter-it");
    Path workspaces = Files.createDirectories(played.remote().resolveSibling("workspaces-attack"));
    Path written = played.remote().resolveSibling("written-by-the-upload.csv");
    RootCauseGroup group = played.group(Action.REPORT, "vendor-duplicate-order-lines");
    Classified honest = played.event("inc-" + System.nanoTime(), group);
    // a crafted upload: its "compiled SQL" writes a file, and asks dbt for the runner's secrets
    String attack =
        "select '{{ env_var(\"MEDIC_RUNNER_GIT_TOKEN\", \"none\") }}' as order_line_id;"
            + " copy (select 1 as leaked) to '"
            + written
            + "'";
    Classified crafted =
        new Classified(
            honest.envelope(),
            honest.run(),
            honest.failures().stream().map(failure -> withCode(failure, attack)).toList(),
            honest.lineage(),
            honest.groups(),
            honest.state());

    SourceReported report = played.reporter(workspaces).report(crafted, group);

    assertThat(written).doesNotExist();
    assertThat(report.email().body())
        .as("the rows are those of the team's own test")
        .containsPattern("order_line_id \\d+")
        .doesNotContain("env_var");
  }

  private static Failure withCode(Failure f, String code) {
    return new Failure(
        f.uniqueId(),
        f.resourceType(),
        f.name(),
        f.testName(),
        f.testKind(),
        f.status(),
        f.message(),
        f.failingRows(),
        code,
        f.compiledCodeUri(),
        f.originalFilePath(),
        f.modelFilePath(),
        f.columnName(),
        f.testKwargs(),
        f.severity(),
        f.attachedNode(),
        f.owner(),
        f.lineage(),
        f.upstreamFailures(),
        f.kbMatches());
  }
}
