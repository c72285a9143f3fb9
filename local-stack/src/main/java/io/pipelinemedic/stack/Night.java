package io.pipelinemedic.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pipelinemedic.dbt.scenario.Scenario;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One night of the demo: its incident and what came of it, as publisher-service's record shows it.
 *
 * @param scenario the scenario played
 * @param incidentId the incident
 * @param failureClass its class (or MIXED)
 * @param action its action (or MIXED)
 * @param result what came of it
 * @param link where to look
 * @param took webhook to the last outcome published
 * @param stages webhook to the first event of each topic, in pipeline order
 * @param complete whether every root cause got its outcome in time
 * @param view the incident as publisher-service shows it, its timeline's events included ({@code
 *     null} when it never showed)
 */
public record Night(
    String scenario,
    String incidentId,
    String failureClass,
    String action,
    String result,
    String link,
    Duration took,
    Map<String, Duration> stages,
    boolean complete,
    JsonNode view) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Whether every root cause that needs an outcome has one published (or the run was ignored). */
  static boolean complete(JsonNode view) throws IOException {
    if ("IGNORED".equals(view.at("/incident/status").asText())) {
      return true;
    }
    JsonNode classified = null;
    Set<String> published = new HashSet<>();
    boolean anyPublished = false;
    for (JsonNode entry : view.path("timeline")) {
      JsonNode event = JSON.readTree(entry.path("event").asText());
      switch (entry.path("topic").asText()) {
        case "classified" -> classified = event;
        case "published" -> {
          anyPublished = true;
          published.add(event.path("groupId").asText(""));
        }
        default -> {}
      }
    }
    if (classified == null) {
      return false;
    }
    boolean allTransient = true;
    Set<String> needed = new HashSet<>();
    for (JsonNode group : classified.path("groups")) {
      allTransient &= "TRANSIENT".equals(group.path("failureClass").asText());
      if (Set.of("RECIPE", "AGENT", "REPORT").contains(group.path("action").asText())) {
        needed.add(group.path("groupId").asText());
      }
    }
    return allTransient ? anyPublished : published.containsAll(needed);
  }

  /** The night of {@code incident} as its record {@code view} shows it ({@code null}: none). */
  static Night of(
      Scenario scenario,
      String incident,
      JsonNode view,
      Instant sent,
      boolean complete,
      String incidentUrl)
      throws IOException {
    String result = view == null ? "nothing recorded" : view.at("/incident/status").asText();
    String link = incidentUrl;
    Instant last = sent;
    List<String> results = new ArrayList<>();
    for (JsonNode entry : view == null ? JSON.createArrayNode() : view.path("timeline")) {
      JsonNode event = JSON.readTree(entry.path("event").asText());
      switch (entry.path("topic").asText()) {
        case "fix.proposed" -> {
          if ("VERIFIED".equals(event.path("outcome").asText())) {
            results.add("fix verified by dbt, pushed");
            link =
                event.at("/change/branch").asText()
                    + " @ "
                    + event.at("/change/commitSha").asText().substring(0, 7);
          } else {
            results.add(
                event.path("outcome").asText().toLowerCase(Locale.ROOT).replace('_', ' ')
                    + ": "
                    + shorten(event.path("outcomeReason").asText(), 60));
          }
        }
        case "source.reported" -> {
          results.add("report + email draft to " + event.at("/email/to").asText("the owner"));
          link = event.path("reportUri").asText(link);
        }
        case "published" -> {
          last = Instant.parse(event.at("/envelope/occurredAt").asText());
          if ("TRANSIENT_NOTICE".equals(event.path("kind").asText())) {
            results.add("transient: nothing to do");
          }
        }
        default -> {}
      }
    }
    if (!results.isEmpty()) {
      result = String.join("; ", results);
    }
    return new Night(
        scenario.name(),
        incident,
        view == null ? "" : view.at("/incident/failureClass").asText(""),
        view == null ? "" : view.at("/incident/action").asText(""),
        result,
        link,
        Duration.between(sent, last),
        view == null ? Map.of() : stages(view, sent),
        complete,
        view);
  }

  /** Time from {@code sent} to the first event of each topic on the incident's timeline. */
  static Map<String, Duration> stages(JsonNode view, Instant sent) {
    Map<String, Duration> stages = new LinkedHashMap<>();
    for (JsonNode entry : view.path("timeline")) {
      stages.putIfAbsent(
          entry.path("topic").asText(),
          Duration.between(sent, Instant.parse(entry.path("occurredAt").asText())));
    }
    return stages;
  }

  /** {@code text} cut to {@code length} characters, marked with an ellipsis. */
  static String shorten(String text, int length) {
    return text.length() <= length ? text : text.substring(0, length - 1) + "…";
  }
}
