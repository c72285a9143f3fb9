package io.pipelinemedic.runner.fix;

import io.pipelinemedic.runner.sandbox.DevDbt;
import io.pipelinemedic.runner.sandbox.Sandbox;
import io.pipelinemedic.schemas.Classified;
import io.pipelinemedic.schemas.model.Failure;
import io.pipelinemedic.schemas.model.RootCauseGroup;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A sample of each failing test's rows on the dev area (a test that does not compile or whose SQL
 * cannot run there goes without), and the values its accepted_values tests report.
 *
 * @param rows a sample per failing test, by unique id
 * @param values the values the accepted_values tests report
 */
record FailingRows(Map<String, List<Map<String, Object>>> rows, Set<String> values) {

  /** Failing rows per test the agent's prompt quotes. */
  static final int PROMPT_ROWS = 20;

  /**
   * Reads the failing rows of {@code failures}' tests in the sandbox: each test's SQL as dbt
   * compiles it there from the team's repository, run on the dev area without dbt.
   */
  static FailingRows read(DevDbt dbt, Sandbox sandbox, List<Failure> failures)
      throws InterruptedException {
    Map<String, List<Map<String, Object>>> rows = new LinkedHashMap<>();
    Set<String> values = new LinkedHashSet<>();
    Map<String, String> compiled;
    try {
      compiled = dbt.compiledTests(sandbox, failures);
    } catch (IOException e) {
      return new FailingRows(rows, values);
    }
    for (Failure failure : failures) {
      String sql = compiled.get(failure.uniqueId());
      if (sql == null) {
        continue;
      }
      List<Map<String, Object>> sample;
      try {
        sample = sandbox.rows(sql, PROMPT_ROWS);
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

  /** The group's failures as the event describes them, roots first, then cascades. */
  static List<Failure> failuresOf(Classified event, RootCauseGroup group) {
    Map<String, Failure> byId =
        event.failures().stream()
            .collect(Collectors.toMap(Failure::uniqueId, Function.identity(), (a, b) -> a));
    return FixPipeline.allFailures(group).stream().map(byId::get).filter(Objects::nonNull).toList();
  }
}
