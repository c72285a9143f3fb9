package io.pipelinemedic.runner;

import io.pipelinemedic.dbt.Confinement;
import io.pipelinemedic.dbt.scenario.ColdBuild;
import io.pipelinemedic.runner.agent.AgentLimits;
import io.pipelinemedic.runner.agent.CommandAgent;
import io.pipelinemedic.runner.agent.SandboxedAgent;
import io.pipelinemedic.schemas.FixProposed;
import io.pipelinemedic.schemas.model.Action;
import io.pipelinemedic.schemas.model.FixOutcome;
import io.pipelinemedic.schemas.model.RootCauseGroup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What bubblewrap costs a fix: a recipe night (scenario 01's RECIPE group) and an agent night
 * (scenario 06 fixed by a command agent that edits the model, so the agent's own time is nil) fixed
 * end to end by the runner's pipeline (sandbox, baseline, change, guardrails, the verification
 * build, the push), RUNS times each with the runner's bubblewrap and with no confinement,
 * alternating, in the same run; prints the medians side by side and their ratio, and the floor: one
 * cold {@code dbt build --select <root>+} of the same night ({@link ColdBuild}) and the ratio to it
 * (the agent night's system overhead against one build). Each fix imports dbt in its own sandbox:
 * nothing is started ahead here. Usage: {@code tools/bench/sandbox [RUNS]}.
 */
public final class SandboxBenchmark {

  private static final String SED_FIX =
      "sed -i 's/    customers.email,/    customers.email_address as email,/'"
          + " models/marts/dim_customers.sql";

  private SandboxBenchmark() {}

  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    PlayedScenario recipe = PlayedScenario.play("01-new-sku-prefix", "sandbox-bench");
    PlayedScenario agent = PlayedScenario.play("06-renamed-column", "sandbox-bench");
    Confinement bubblewrap = PlayedScenario.confinement();
    System.out.printf(
        Locale.ROOT,
        "%-14s %14s %14s %7s %14s %9s%n",
        "night",
        "bubblewrap s",
        "none s",
        "ratio",
        "cold build s",
        "bwrap/cold");
    report(
        "recipe (01)",
        recipe,
        runs,
        confinement ->
            fix(recipe, recipe.group(Action.RECIPE, "new-sku-prefix"), null, confinement),
        bubblewrap);
    report(
        "agent (06)",
        agent,
        runs,
        confinement ->
            fix(
                agent,
                agent.group(Action.AGENT, "renamed-column"),
                new SandboxedAgent(
                    new CommandAgent("sed", List.of("/bin/sh", "-c", SED_FIX), Map.of()),
                    new AgentLimits(Duration.ofMinutes(2), 10, 1.0),
                    PlayedScenario.dbt(),
                    confinement),
                confinement),
        bubblewrap);
  }

  /** One fix, timed from the group's decision to its outcome. */
  private interface Night {
    double seconds(Confinement confinement) throws Exception;
  }

  /**
   * The night's fix {@code runs} times in bubblewrap and with none, alternating, next to the floor:
   * one cold {@code dbt build --select <root>+} of the same project ({@link ColdBuild}).
   */
  private static void report(
      String name, PlayedScenario played, int runs, Night night, Confinement bubblewrap)
      throws Exception {
    List<Double> confined = new ArrayList<>();
    List<Double> open = new ArrayList<>();
    List<Double> cold = new ArrayList<>();
    night.seconds(bubblewrap); // warm the file cache and dbt's bytecode
    for (int i = 0; i < runs; i++) {
      confined.add(night.seconds(bubblewrap));
      open.add(night.seconds(Confinement.none()));
      cold.add(ColdBuild.of(played.run(), PlayedScenario.dbt()).toMillis() / 1e3);
    }
    double withBox = median(confined);
    double without = median(open);
    double floor = median(cold);
    System.out.printf(
        Locale.ROOT,
        "%-14s %14.2f %14.2f %7.3f %14.2f %9.2f%n",
        name,
        withBox,
        without,
        withBox / without,
        floor,
        withBox / floor);
  }

  private static double fix(
      PlayedScenario played, RootCauseGroup group, SandboxedAgent agent, Confinement confinement)
      throws Exception {
    Path workspaces =
        Files.createDirectories(played.remote().resolveSibling("bench-" + System.nanoTime()));
    long start = System.nanoTime();
    FixProposed fix =
        played
            .fixes(workspaces, agent, Duration.ZERO, confinement)
            .fix(played.event("inc-" + System.nanoTime(), group), group)
            .event();
    double seconds = (System.nanoTime() - start) / 1e9;
    if (fix.outcome() != FixOutcome.VERIFIED) {
      throw new IllegalStateException(fix.outcome() + ": " + fix.outcomeReason());
    }
    return seconds;
  }

  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int middle = sorted.size() / 2;
    return sorted.size() % 2 == 1
        ? sorted.get(middle)
        : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
  }
}
