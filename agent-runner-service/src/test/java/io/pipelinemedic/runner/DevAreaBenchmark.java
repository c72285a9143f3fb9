package io.pipelinemedic.runner;

import io.pipelinemedic.runner.fix.FixAttempt;
import io.pipelinemedic.runner.warehouse.DuckDbDevAreas;
import io.pipelinemedic.schemas.FixProposed;
import io.pipelinemedic.schemas.model.Action;
import io.pipelinemedic.schemas.model.FixOutcome;
import io.pipelinemedic.schemas.model.RootCauseGroup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.duckdb.DuckDBDriver;

/**
 * What production's size costs a fix on DuckDB, copy versus defer: scenario 01's recipe night fixed
 * end to end by the runner's pipeline (sandbox, recipe, guardrails, the before and after dbt
 * builds, the push) on production files padded to each size with a table no model reads (the rest
 * of a team's warehouse: other data, history; 0 leaves the played file as it is), RUNS times with a
 * copy of the file per sandbox and RUNS times deferring to it, alternating, in the same run; prints
 * the medians of the sandbox's preparation, the verification and the whole fix side by side. Usage:
 * {@code tools/bench/dev-area [MB ...]} (100 1000 5000 by default), {@code -Dbench.runs=RUNS} (1 by
 * default).
 */
public final class DevAreaBenchmark {

  private DevAreaBenchmark() {}

  public static void main(String[] args) throws Exception {
    int[] sizes = args.length > 0 ? parse(args) : new int[] {100, 1000, 5000};
    int runs = Integer.getInteger("bench.runs", 1);
    PlayedScenario played = PlayedScenario.play("01-new-sku-prefix", "dev-area-bench");
    RootCauseGroup group = played.group(Action.RECIPE, "new-sku-prefix");
    Path production = played.run().warehouse();
    fix(played, group, Long.MAX_VALUE); // warm the file cache and dbt's bytecode
    System.out.printf(
        Locale.ROOT,
        "%8s | %9s %9s | %9s %9s | %9s %9s %7s%n",
        "prod MB",
        "copy prep",
        "defer",
        "copy verif",
        "defer",
        "copy fix",
        "defer",
        "ratio");
    for (int megabytes : sizes) {
      pad(production, megabytes);
      List<Map<String, Long>> copies = new ArrayList<>();
      List<Map<String, Long>> defers = new ArrayList<>();
      for (int i = 0; i < runs; i++) {
        copies.add(fix(played, group, Long.MAX_VALUE));
        defers.add(fix(played, group, 0));
      }
      Map<String, Long> copy = medians(copies);
      Map<String, Long> deferred = medians(defers);
      System.out.printf(
          Locale.ROOT,
          "%8d | %9.2f %9.2f | %9.2f %9.2f | %9.2f %9.2f %7.3f%n",
          Files.size(production) >> 20,
          copy.get("data") / 1e3,
          deferred.get("data") / 1e3,
          copy.get("verification") / 1e3,
          deferred.get("verification") / 1e3,
          copy.get("total") / 1e3,
          deferred.get("total") / 1e3,
          (double) deferred.get("total") / copy.get("total"));
    }
  }

  /** One fix; its steps' milliseconds and the total. */
  private static Map<String, Long> fix(PlayedScenario played, RootCauseGroup group, long copyBelow)
      throws Exception {
    Path workspaces =
        Files.createDirectories(played.remote().resolveSibling("bench-" + System.nanoTime()));
    long start = System.nanoTime();
    FixAttempt attempt =
        played
            .fixes(
                workspaces,
                null,
                Duration.ZERO,
                PlayedScenario.confinement(),
                new DuckDbDevAreas(played.run().warehouse(), Map.of("fx", played.fx()), copyBelow))
            .fix(played.event("inc-" + System.nanoTime(), group), group);
    long total = (System.nanoTime() - start) / 1_000_000;
    FixProposed fix = attempt.event();
    if (fix.outcome() != FixOutcome.VERIFIED) {
      throw new IllegalStateException(fix.outcome() + ": " + fix.outcomeReason());
    }
    Map<String, Long> millis = new HashMap<>(attempt.millis());
    millis.put("total", total);
    return millis;
  }

  /** Each step's median over {@code runs}. */
  private static Map<String, Long> medians(List<Map<String, Long>> runs) {
    Map<String, Long> medians = new HashMap<>();
    for (String step : runs.get(0).keySet()) {
      List<Long> sorted = runs.stream().map(run -> run.get(step)).sorted().toList();
      medians.put(step, sorted.get(sorted.size() / 2));
    }
    return medians;
  }

  /** Grows {@code production} to about {@code megabytes} with rows of a table no model reads. */
  private static void pad(Path production, int megabytes) throws Exception {
    long target = (long) megabytes << 20;
    try (Connection connection =
            new DuckDBDriver()
                .connect("jdbc:duckdb:" + production.toAbsolutePath(), new Properties());
        Statement sql = connection.createStatement()) {
      sql.execute("create schema if not exists bench_padding");
      sql.execute("create table if not exists bench_padding.history (id bigint, payload varchar)");
      long next = 0;
      while (Files.size(production) < target) {
        sql.execute(
            "insert into bench_padding.history select i, md5(i::varchar) || md5((i * 31)::varchar)"
                + " from range("
                + next
                + ", "
                + (next + 2_000_000)
                + ") t(i)");
        sql.execute("checkpoint");
        next += 2_000_000;
      }
    }
  }

  private static int[] parse(String[] args) {
    int[] sizes = new int[args.length];
    for (int i = 0; i < args.length; i++) {
      sizes[i] = Integer.parseInt(args[i]);
    }
    return sizes;
  }
}
