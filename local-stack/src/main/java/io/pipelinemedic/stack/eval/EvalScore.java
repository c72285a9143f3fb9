package io.pipelinemedic.stack.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pipelinemedic.dbt.scenario.Scenario;
import io.pipelinemedic.stack.Night;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * How one played scenario scores against its ground truth, from the events the system published:
 * the group that covers most of the expected failures is the one judged (class, root cause,
 * action); a CODE scenario needs a fix verified by dbt and, where production can be built from the
 * pushed branch (DuckDB files; not a PostgreSQL database), production built green from it; a SOURCE
 * scenario with an expected owner needs the report drafted to that address.
 *
 * @param scenario the scenario's name
 * @param project its example project
 * @param job how its nightly job ran dbt
 * @param groups how many root causes the classifier found (the ground truth has one)
 * @param classRight the judged group's class is the expected one
 * @param rootCauseRight its root cause is the expected node
 * @param actionRight its action is the expected one
 * @param fixVerified for CODE, a fix of the judged group verified by dbt; {@code null} otherwise
 * @param productionGreen for a verified fix, production built from its branch passes; {@code null}
 *     when there is no verified fix to build
 * @param ownerRight for SOURCE with an expected owner, the report went to that address; {@code
 *     null} otherwise
 * @param took webhook to the last outcome published
 */
public record EvalScore(
    String scenario,
    String project,
    String job,
    int groups,
    boolean classRight,
    boolean rootCauseRight,
    boolean actionRight,
    Boolean fixVerified,
    Boolean productionGreen,
    Boolean ownerRight,
    Duration took) {

  /** The fix a played scenario pushed, to be built as production: its branch. */
  public record Pushed(String groupId, String branch) {}

  /**
   * The events a night's incident shows that a score is made of.
   *
   * @param classified the first {@code classified} event, or {@code null} when none came
   * @param fixes the {@code fix.proposed} events
   * @param reports the {@code source.reported} events
   */
  public record Events(JsonNode classified, List<JsonNode> fixes, List<JsonNode> reports) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The events on {@code night}'s timeline. */
    public static Events of(Night night) throws IOException {
      JsonNode classified = null;
      List<JsonNode> fixes = new ArrayList<>();
      List<JsonNode> reports = new ArrayList<>();
      for (JsonNode entry :
          night.view() == null ? List.<JsonNode>of() : night.view().path("timeline")) {
        JsonNode event = JSON.readTree(entry.path("event").asText());
        switch (entry.path("topic").asText()) {
          case "classified" -> classified = classified == null ? event : classified;
          case "fix.proposed" -> fixes.add(event);
          case "source.reported" -> reports.add(event);
          default -> {}
        }
      }
      return new Events(classified, fixes, reports);
    }
  }

  /**
   * Scores one scenario.
   *
   * @param classified the {@code classified} event, or {@code null} when none came
   * @param fixes the {@code fix.proposed} events
   * @param reports the {@code source.reported} events
   * @param productionGreen whether production built from the judged group's verified fix passes
   *     ({@code null} when there is none)
   */
  public static EvalScore of(
      Scenario scenario,
      JsonNode classified,
      List<JsonNode> fixes,
      List<JsonNode> reports,
      Boolean productionGreen,
      Duration took) {
    Scenario.Expected expected = scenario.expected();
    JsonNode group = judged(expected, classified);
    String groupId = group == null ? null : group.path("groupId").asText();
    Boolean verified =
        "CODE".equals(expected.failureClass())
            ? fixes.stream()
                .anyMatch(
                    fix ->
                        fix.path("groupId").asText().equals(groupId)
                            && "VERIFIED".equals(fix.path("outcome").asText()))
            : null;
    Boolean ownerRight =
        "SOURCE".equals(expected.failureClass()) && expected.owner() != null
            ? reports.stream()
                .anyMatch(
                    report ->
                        report.path("groupId").asText().equals(groupId)
                            && expected
                                .owner()
                                .equalsIgnoreCase(report.at("/email/to").asText("").strip()))
            : null;
    return new EvalScore(
        scenario.name(),
        scenario.project(),
        scenario.job().name().toLowerCase(Locale.ROOT),
        classified == null ? 0 : classified.path("groups").size(),
        group != null && expected.failureClass().equals(group.path("failureClass").asText()),
        group != null
            && expected
                .rootCause()
                .equals(Scenario.groundTruthId(group.path("rootCauseNode").asText())),
        group != null && expected.action().equals(group.path("action").asText()),
        verified,
        Boolean.TRUE.equals(verified) ? productionGreen : null,
        ownerRight,
        took);
  }

  /** The verified fix of the judged group, to build as production; {@code null} if none. */
  public static Pushed pushed(Scenario scenario, JsonNode classified, List<JsonNode> fixes) {
    JsonNode group = judged(scenario.expected(), classified);
    if (group == null) {
      return null;
    }
    String groupId = group.path("groupId").asText();
    return fixes.stream()
        .filter(fix -> fix.path("groupId").asText().equals(groupId))
        .filter(fix -> "VERIFIED".equals(fix.path("outcome").asText()))
        .map(fix -> new Pushed(groupId, fix.at("/change/branch").asText()))
        .findFirst()
        .orElse(null);
  }

  /** Whether the scenario came out right on every count that applies to it. */
  public boolean right() {
    return groups == 1
        && classRight
        && rootCauseRight
        && actionRight
        && !Boolean.FALSE.equals(fixVerified)
        && !Boolean.FALSE.equals(productionGreen)
        && !Boolean.FALSE.equals(ownerRight);
  }

  /** The group covering most of the expected failures (the first among equals), if any. */
  static JsonNode judged(Scenario.Expected expected, JsonNode classified) {
    if (classified == null) {
      return null;
    }
    Set<String> wanted = new HashSet<>(expected.failures());
    JsonNode best = null;
    long bestCovered = 0;
    for (JsonNode group : classified.path("groups")) {
      long covered = 0;
      for (String list : List.of("failures", "cascades")) {
        for (JsonNode id : group.path(list)) {
          covered += wanted.contains(Scenario.groundTruthId(id.asText())) ? 1 : 0;
        }
      }
      if (covered > bestCovered) {
        best = group;
        bestCovered = covered;
      }
    }
    return best;
  }
}
