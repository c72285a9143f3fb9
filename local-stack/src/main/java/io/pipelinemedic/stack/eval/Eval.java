package io.pipelinemedic.stack.eval;

import io.pipelinemedic.dbt.DbtResult;
import io.pipelinemedic.dbt.scenario.Scenario;
import io.pipelinemedic.dbt.scenario.ScenarioRun;
import io.pipelinemedic.dbt.scenario.ScenarioRunner;
import io.pipelinemedic.stack.Demo;
import io.pipelinemedic.stack.Night;
import io.pipelinemedic.stack.StackConfig;
import io.pipelinemedic.stack.demo.ExampleTeam;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * {@code ./medic eval [--project NAME] [--mode build|steps]}: plays every failing scenario (of one
 * example project, of one job mode) through the running system as {@code ./medic demo} does, builds
 * production from every verified fix's branch, and prints each scenario's {@link EvalScore} and the
 * totals.
 */
public final class Eval {

  private final StackConfig config;
  private final PrintStream out;

  public Eval(StackConfig config, PrintStream out) {
    this.config = config;
    this.out = out;
  }

  /** Runs the eval with the command line's options; 2 for a bad option. */
  public int run(List<String> args) throws Exception {
    Predicate<Scenario> chosen = scenario -> scenario.expected().rootCause() != null;
    for (int i = 0; i < args.size(); i++) {
      String option = args.get(i);
      String value = i + 1 < args.size() ? args.get(++i) : null;
      if ("--project".equals(option) && value != null) {
        chosen = chosen.and(scenario -> scenario.project().equals(value));
      } else if ("--mode".equals(option) && List.of("build", "steps").contains(value)) {
        chosen =
            chosen.and(scenario -> scenario.job().name().toLowerCase(Locale.ROOT).equals(value));
      } else {
        out.println("usage: ./medic eval [--project NAME] [--mode build|steps]");
        return 2;
      }
    }
    List<Scenario> scenarios =
        ScenarioRunner.scenarios(config.root()).stream().filter(chosen).toList();
    if (scenarios.isEmpty()) {
      out.println("no scenario matches " + args + "; see examples/scenarios/");
      return 2;
    }
    ExampleTeam team = new ExampleTeam(config.exampleTeam());
    ProductionCheck production = new ProductionCheck(config.root());
    List<EvalScore> scores = new ArrayList<>();
    new Demo(config, out)
        .play(
            scenarios,
            (scenario, played, night) ->
                scores.add(score(scenario, played, night, team, production)));
    print(scores);
    return 0;
  }

  private EvalScore score(
      Scenario scenario,
      ScenarioRun played,
      Night night,
      ExampleTeam team,
      ProductionCheck production)
      throws IOException, InterruptedException {
    EvalScore.Events events = EvalScore.Events.of(night);
    EvalScore.Pushed pushed = EvalScore.pushed(scenario, events.classified(), events.fixes());
    Boolean green = null;
    if (pushed != null && played.warehouse() == null) {
      out.println("  production built from " + pushed.branch() + ": not checked on PostgreSQL");
    } else if (pushed != null) {
      DbtResult build =
          production.build(
              team.remote().toUri().toString(),
              pushed.branch(),
              played.warehouse().getParent(),
              config.home().resolve("eval").resolve(scenario.name()));
      green = build.succeeded();
      out.println(
          "  production built from "
              + pushed.branch()
              + ": "
              + (green ? "green" : "FAILED, " + build.describe().lines().findFirst().orElse("")));
    }
    return EvalScore.of(
        scenario, events.classified(), events.fixes(), events.reports(), green, night.took());
  }

  private void print(List<EvalScore> scores) {
    out.printf(
        "%n%-34s %-13s %-5s %-5s %-4s %-6s %-18s %-5s %7s%n",
        "scenario", "project", "job", "class", "root", "action", "fix", "owner", "seconds");
    for (EvalScore score : scores) {
      out.printf(
          "%-34s %-13s %-5s %-5s %-4s %-6s %-18s %-5s %7.1f%n",
          score.scenario(),
          score.project(),
          score.job(),
          mark(score.classRight()),
          mark(score.rootCauseRight()),
          mark(score.actionRight()),
          score.fixVerified() == null
              ? "-"
              : !score.fixVerified()
                  ? "not verified"
                  : score.productionGreen() == null
                      ? "verified, not built"
                      : score.productionGreen() ? "verified, green" : "verified, RED",
          score.ownerRight() == null ? "-" : mark(score.ownerRight()),
          score.took().toMillis() / 1000.0);
    }
    out.printf(
        "%nclass %s  root cause %s  action %s  one group %s  fixes verified and green %s"
            + "  reports to the right owner %s  right on every count %s  mean %.1f s%n",
        count(scores, EvalScore::classRight),
        count(scores, EvalScore::rootCauseRight),
        count(scores, EvalScore::actionRight),
        count(scores, score -> score.groups() == 1),
        count(
            scores.stream().filter(score -> score.fixVerified() != null).toList(),
            score -> Boolean.TRUE.equals(score.productionGreen())),
        count(
            scores.stream().filter(score -> score.ownerRight() != null).toList(),
            score -> score.ownerRight()),
        count(scores, EvalScore::right),
        scores.stream().mapToLong(score -> score.took().toMillis()).average().orElse(0) / 1000.0);
  }

  private static String mark(boolean right) {
    return right ? "yes" : "NO";
  }

  private static String count(List<EvalScore> scores, Predicate<EvalScore> right) {
    return scores.stream().filter(right).count() + "/" + scores.size();
  }
}
