package io.pipelinemedic.artifacts;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipelinemedic.schemas.model.Failure;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The errors of dbt logs captured from real runs: a build that could not open its locked DuckDB
 * file and wrote no run_results.json (its console output and its logs/dbt.log), and a run whose
 * model failed; the log is quoted, never followed.
 */
class DbtLogTest {

  @TempDir Path dir;

  @Test
  void aRunThatDiedBeforeItsArtifactsHasItsOwnError() throws Exception {
    for (String log : new String[] {"warehouse-locked.console.txt", "warehouse-locked.dbt.txt"}) {
      assertThat(DbtLog.errors(fixture(log)))
          .as(log)
          .singleElement()
          .satisfies(
              error -> {
                assertThat(error.resourceType()).isEqualTo("invocation");
                assertThat(error.name()).isNull();
                assertThat(error.message())
                    .startsWith("IO Error: Could not set lock on file \"/srv/shop/warehouse/")
                    .doesNotContain("Traceback")
                    .doesNotContain("\u001B[");
              });
    }
  }

  @Test
  void aNodesErrorIsItsOwn() throws Exception {
    assertThat(DbtLog.errors(fixture("renamed-column.console.txt")))
        .singleElement()
        .satisfies(
            error -> {
              assertThat(error.resourceType()).isEqualTo("model");
              assertThat(error.name()).isEqualTo("dim_customers");
              assertThat(error.path()).isEqualTo("models/marts/dim_customers.sql");
              assertThat(error.message())
                  .isEqualTo(
                      "Runtime Error in model dim_customers (models/marts/dim_customers.sql)\n"
                          + "Binder Error: Values list \"customers\" does not have a column"
                          + " named \"email\"");
            });
  }

  @Test
  void theExtractionHasOneFailurePerError() throws Exception {
    Extraction run = DbtLog.extraction(fixture("warehouse-locked.console.txt"), "shop");
    Extraction node = DbtLog.extraction(fixture("renamed-column.console.txt"), null);

    assertThat(run.failures())
        .extracting(Failure::uniqueId, Failure::resourceType, Failure::status)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("invocation.shop", "invocation", "error"));
    assertThat(node.failures())
        .extracting(Failure::uniqueId)
        .containsExactly("model.dbt.dim_customers");
    assertThat(run.lineage()).isEmpty();
  }

  @Test
  void onlyTheLastInvocationOfAnAppendedLogCounts() throws Exception {
    Path log = dir.resolve("dbt.log");
    Files.writeString(
        log,
        "04:00:00  Running with dbt=1.11.16\n04:00:05  Encountered an error:\nyesterday's error\n"
            + "04:10:00  Running with dbt=1.11.16\n04:10:03  Encountered an error:\ntoday's error\n");

    assertThat(DbtLog.errors(log))
        .extracting(DbtLog.Error::message)
        .containsExactly("today's error");
  }

  @Test
  void aLogWithoutErrorsOrWithoutTextHasNone() throws Exception {
    Path binary = dir.resolve("dbt.log");
    Files.write(binary, new byte[] {(byte) 0xff, 0, (byte) 0xfe, 10, 'o', 'k'});
    assertThat(DbtLog.errors(binary)).isEmpty();
    Files.writeString(binary, "12:00:00  Running with dbt=1.11.16\n12:00:01  Done.\n");
    assertThat(DbtLog.errors(binary)).isEmpty();
  }

  @Test
  void onlyTheLogsTailIsReadAndLongLinesAreCut() throws Exception {
    Path log = dir.resolve("dbt.log");
    try (var out = Files.newBufferedWriter(log)) {
      out.write("12:00:00  Encountered an error:\nan old run's error, long gone\n");
      String noise = "x".repeat(1023) + "\n";
      for (int i = 0; i < 17 * 1024; i++) {
        out.write(noise);
      }
      out.write("y".repeat(200_000) + "\n");
      out.write("04:02:13  Encountered an error:\nIO Error: Could not set lock on file\n");
    }

    assertThat(DbtLog.errors(log))
        .extracting(DbtLog.Error::message)
        .containsExactly("IO Error: Could not set lock on file");
  }

  private static Path fixture(String name) throws URISyntaxException {
    return Path.of(
        Objects.requireNonNull(DbtLogTest.class.getResource("/dbt-logs/" + name), name).toURI());
  }
}
