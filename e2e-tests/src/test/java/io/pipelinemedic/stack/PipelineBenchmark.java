package io.pipelinemedic.stack;

import com.fasterxml.jackson.databind.JsonNode;
import io.pipelinemedic.dbt.DbtRunner;
import io.pipelinemedic.dbt.scenario.ColdBuild;
import io.pipelinemedic.dbt.scenario.ScenarioRun;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Webhook to verified fix, run after run, on the whole system: for each recipe night of the example
 * team (and one that needs neither dbt nor git), the median, minimum and maximum time from dbt
 * Cloud's webhook to {@code published}, split into the pipeline's own work and the runner's dbt and
 * git steps (clone, data, the recipe's change, verification, push; as the runner logs them per
 * group); each recipe night next to its floor, one cold {@code dbt build --select <root>+} of the
 * same project on the same machine ({@link ColdBuild}), and their ratio; then a batch of incidents
 * delivered at once with one agent runner and with two. Usage: {@code tools/bench/pipeline [RUNS]}.
 * {@code tools/bench/pipeline RUNS warehouses} instead puts the recipe nights on DuckDB next to the
 * same nights on PostgreSQL (the example team's two configurations, one stack after the other),
 * with their ratio.
 */
public final class PipelineBenchmark {

  private static final List<String> NIGHTS =
      List.of("01-new-sku-prefix", "03-new-order-status", "04-fan-out-join");

  /**
   * The pause before each measured run, as between a night's incidents: the runner has the time to
   * start dbt ahead of its next group (back to back, a group finds it still importing).
   */
  private static final Duration BETWEEN_RUNS = Duration.ofSeconds(5);

  /** Incidents delivered at once to compare one agent runner with two. */
  private static final int BATCH = 4;

  private static final Pattern SANDBOX_STEPS = Pattern.compile(": \\w+ \\w+ in \\{([^}]*)\\} ms");

  /**
   * One incident's times, in milliseconds.
   *
   * @param total webhook to the last {@code published}
   * @param classified webhook to {@code classified}
   * @param runner {@code classified} to the outcome ({@code fix.proposed})
   * @param dbtAndGit the runner's dbt and git steps
   * @param publishing the outcome to {@code published}
   * @param floor the floor measured right before it ({@link ColdBuild}), or 0
   */
  record Sample(
      long total, long classified, long runner, long dbtAndGit, long publishing, long floor) {

    long overhead() {
      return total - dbtAndGit;
    }
  }

  /** The recipe nights, compared between warehouses. */
  private static final List<String> RECIPE_NIGHTS =
      List.of("01-new-sku-prefix", "03-new-order-status");

  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    if (args.length > 1 && args[1].equals("warehouses")) {
      warehouses(runs);
      return;
    }
    SystemUnderTest system = SystemUnderTest.start();
    List<String> lines = new ArrayList<>();
    List<String> floors = new ArrayList<>();
    try (ExampleNights team = new ExampleNights(system.config())) {
      for (String name : NIGHTS) {
        ScenarioRun night = team.prepare(name.substring(0, 3));
        boolean recipe = RECIPE_NIGHTS.contains(name);
        List<Sample> samples = samples(system, team, night, name, runs, "", recipe);
        lines.add(line(name, samples));
        if (recipe) {
          floors.add(
              String.format(
                  "%-20s %-19s %-19s %.2f",
                  name,
                  figure(samples, Sample::total),
                  figure(samples, Sample::floor),
                  (double) median(samples, Sample::total) / median(samples, Sample::floor)));
        }
      }
      ScenarioRun night = team.prepare("03-");
      Duration one = batch(team, night, BATCH);
      system.addRunner(Duration.ofMinutes(2));
      Duration two = batch(team, night, BATCH);
      lines.add(
          String.format(
              "%nnight 03, %d incidents at once: one runner %.1f s, two runners %.1f s, ratio %.2f",
              BATCH,
              one.toMillis() / 1000.0,
              two.toMillis() / 1000.0,
              (double) one.toMillis() / two.toMillis()));
    } finally {
      system.close();
    }
    System.out.printf(
        "%n%d runs per night, after one warm-up, each 5 s after the last; seconds as median (min–max)%n"
            + "%-20s %-19s %-19s %-19s %-19s %-19s %-19s%n",
        runs,
        "night",
        "webhook→published",
        "webhook→classified",
        "runner",
        "  of it dbt+git",
        "fix→published",
        "overhead");
    lines.forEach(System.out::println);
    System.out.printf(
        "%nthe floor: one cold dbt build --select <root>+ of the night's project (a fresh checkout,"
            + " a new dbt process) right before each run%n%-20s %-19s %-19s %s%n",
        "night", "webhook→published", "cold build", "ratio");
    floors.forEach(System.out::println);
  }

  /** Webhook → published of the recipe nights on DuckDB and on PostgreSQL, and their ratio. */
  private static void warehouses(int runs) throws Exception {
    Map<String, Map<String, List<Sample>>> byWarehouse = new LinkedHashMap<>();
    for (String config : List.of(StackConfig.EXAMPLE_CONFIG, StackConfig.EXAMPLE_POSTGRES_CONFIG)) {
      Map<String, List<Sample>> nights = new LinkedHashMap<>();
      try (SystemUnderTest system = SystemUnderTest.start(config, Map.of());
          ExampleNights team = new ExampleNights(system.config())) {
        for (String name : RECIPE_NIGHTS) {
          nights.put(
              name,
              samples(
                  system,
                  team,
                  team.prepare(name.substring(0, 3)),
                  name,
                  runs,
                  config + " ",
                  false));
        }
      }
      byWarehouse.put(config, nights);
    }
    System.out.printf(
        "%n%d runs per night, after one warm-up; webhook→published, seconds as median (min–max)%n"
            + "%-20s %-19s %-19s %-6s %-19s %-19s%n",
        runs, "night", "DuckDB", "PostgreSQL", "ratio", "  PG runner dbt+git", "  DuckDB dbt+git");
    for (String name : RECIPE_NIGHTS) {
      List<Sample> duckDb = byWarehouse.get(StackConfig.EXAMPLE_CONFIG).get(name);
      List<Sample> postgres = byWarehouse.get(StackConfig.EXAMPLE_POSTGRES_CONFIG).get(name);
      System.out.printf(
          "%-20s %-19s %-19s %-6.2f %-19s %-19s%n",
          name,
          figure(duckDb, Sample::total),
          figure(postgres, Sample::total),
          (double) median(postgres, Sample::total) / median(duckDb, Sample::total),
          figure(postgres, Sample::dbtAndGit),
          figure(duckDb, Sample::dbtAndGit));
    }
  }

  /**
   * The night {@code name}, played, delivered {@code runs} times after a warm-up (the first
   * incident of a night warms the services up), each run printed after {@code label} and, {@code
   * withFloor}, followed by one cold build of the night ({@link ColdBuild}) on the same machine in
   * the same moment.
   */
  private static List<Sample> samples(
      SystemUnderTest system,
      ExampleNights team,
      ScenarioRun night,
      String name,
      int runs,
      String label,
      boolean withFloor)
      throws Exception {
    measure(system, team, night, 0);
    List<Sample> samples = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      Thread.sleep(BETWEEN_RUNS.toMillis());
      long floor =
          withFloor
              ? ColdBuild.of(night, DbtRunner.projectExecutable(SystemUnderTest.ROOT)).toMillis()
              : 0;
      samples.add(measure(system, team, night, floor));
      System.out.printf("%s%s run %d: %s%n", label, name, i + 1, samples.get(i));
    }
    return samples;
  }

  /** One run of {@code night}, measured; {@code floor} is the cold build measured beside it. */
  private static Sample measure(
      SystemUnderTest system, ExampleNights team, ScenarioRun night, long floor) throws Exception {
    Instant sent = Instant.now();
    String incident = team.deliver(night);
    JsonNode view = team.awaitComplete(incident);
    Map<String, Duration> stages = Night.stages(view, sent);
    Instant last = sent;
    for (JsonNode published : ExampleNights.events(view, "published")) {
      Instant at = Instant.parse(published.at("/envelope/occurredAt").asText());
      last = at.isAfter(last) ? at : last;
    }
    long classified = stages.get("classified").toMillis();
    long outcome = stages.get("fix.proposed").toMillis();
    return new Sample(
        Duration.between(sent, last).toMillis(),
        classified,
        outcome - classified,
        dbtAndGit(system, incident),
        stages.get("published").toMillis() - outcome,
        floor);
  }

  /** Delivers {@code size} runs of {@code night} at once; the time until every one is complete. */
  private static Duration batch(ExampleNights team, ScenarioRun night, int size) throws Exception {
    Instant start = Instant.now();
    List<String> incidents = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      incidents.add(team.deliver(night));
    }
    for (String incident : incidents) {
      team.awaitComplete(incident);
    }
    return Duration.between(start, Instant.now());
  }

  /** The runner's dbt and git steps for the incident, summed from its log. */
  private static long dbtAndGit(SystemUnderTest system, String incident) throws Exception {
    long millis = 0;
    for (String line :
        Files.readAllLines(
            system.config().logs().resolve("agent-runner-service.log"), StandardCharsets.UTF_8)) {
      Matcher steps = SANDBOX_STEPS.matcher(line);
      if (line.contains(incident + "/") && steps.find() && !steps.group(1).isBlank()) {
        for (String step : steps.group(1).split(", ")) {
          millis += Long.parseLong(step.substring(step.indexOf('=') + 1));
        }
      }
    }
    return millis;
  }

  private static String line(String night, List<Sample> samples) {
    return String.format(
        "%-20s %-19s %-19s %-19s %-19s %-19s %-19s",
        night,
        figure(samples, Sample::total),
        figure(samples, Sample::classified),
        figure(samples, Sample::runner),
        figure(samples, Sample::dbtAndGit),
        figure(samples, Sample::publishing),
        figure(samples, Sample::overhead));
  }

  private static String figure(List<Sample> samples, ToLongFunction<Sample> measure) {
    long[] sorted = samples.stream().mapToLong(measure).sorted().toArray();
    return String.format(
        "%.2f (%.2f–%.2f)",
        median(sorted) / 1000.0, sorted[0] / 1000.0, sorted[sorted.length - 1] / 1000.0);
  }

  private static long median(List<Sample> samples, ToLongFunction<Sample> measure) {
    return median(samples.stream().mapToLong(measure).sorted().toArray());
  }

  private static long median(long[] sorted) {
    return sorted.length % 2 == 1
        ? sorted[sorted.length / 2]
        : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
  }
}
