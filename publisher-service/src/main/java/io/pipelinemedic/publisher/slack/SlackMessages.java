package io.pipelinemedic.publisher.slack;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pipelinemedic.publisher.record.IncidentRow;
import io.pipelinemedic.schemas.Classified;
import io.pipelinemedic.schemas.model.Failure;
import io.pipelinemedic.schemas.model.FailureClass;
import io.pipelinemedic.schemas.model.RootCauseGroup;
import io.pipelinemedic.schemas.model.RunRef;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The incident's Slack message in Block Kit, as the incident page's summary reads: the job, its
 * project and when it failed (the run id only as a short suffix); per root cause its class, the
 * failing tests by name, the owner (a mention where one is set) and the outcome so far; then its
 * life after the outcome, and link buttons to the pull requests, the reports and the incident. A
 * TRANSIENT incident is one line, and one a service gave up on before its classification too.
 */
public final class SlackMessages {

  private SlackMessages() {}

  /**
   * A message: the notification text and its blocks.
   *
   * @param text the fallback text (notifications, screen readers)
   * @param blocks the Block Kit layout, absent for a one-line message
   */
  public record Message(String text, ArrayNode blocks) {}

  /**
   * A root cause's outcome so far.
   *
   * @param line its one line
   * @param pullRequestUrl the fix's pull request, when one was opened
   */
  public record Outcome(String line, String pullRequestUrl) {}

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm 'UTC' 'on' yyyy-MM-dd").withZone(ZoneOffset.UTC);

  /** The root causes the message shows, within Slack's 50 blocks; more are counted. */
  private static final int GROUPS_SHOWN = 40;

  /** The failing tests a root cause's line names; more are counted. */
  private static final int TESTS_NAMED = 3;

  /**
   * The incident's message as it stands.
   *
   * @param classified its classification, or {@code null} when none came (a service gave up)
   * @param outcomes each group's outcome so far by group id
   * @param stopped why the pipeline stopped, while it has; otherwise {@code null}
   */
  public static Message of(
      IncidentRow incident,
      Classified classified,
      Map<String, Outcome> outcomes,
      String incidentUrl,
      String stopped,
      SlackMentions mentions) {
    List<String> closing = new ArrayList<>(closing(incident));
    if (stopped != null) {
      closing.add(":x: " + escape(stopped));
    }
    if (classified == null || classified.groups().isEmpty()) {
      return new Message(
          "*"
              + escape(incident.jobName)
              + "* run "
              + escape(shortRun(incident.runId))
              + ": "
              + String.join(" ", closing)
              + " <"
              + incidentUrl
              + "|Incident>",
          null);
    }
    Instant failedAt = failedAt(classified.run(), incident.receivedAt);
    if (isTransient(classified)) {
      String line = transientLine(classified, failedAt, incidentUrl);
      return new Message(closing.isEmpty() ? line : line + "\n" + String.join("\n", closing), null);
    }
    Message message = incident(classified, failedAt, outcomes, incidentUrl, mentions);
    if (!closing.isEmpty()) {
      ObjectNode buttons = (ObjectNode) message.blocks().remove(message.blocks().size() - 1);
      section(message.blocks(), String.join("\n", closing));
      message.blocks().add(buttons);
    }
    return message;
  }

  /**
   * {@code text} as Slack shows it and nothing more: {@code &}, {@code <} and {@code >} escaped as
   * Slack asks, so that text from a run, a reviewer or an error never becomes a mention or a link.
   */
  public static String escape(String text) {
    return text == null
        ? null
        : text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  /** The incident's life after its outcome, a line each. */
  static List<String> closing(IncidentRow incident) {
    List<String> lines = new ArrayList<>();
    if (incident.resolvedAt != null) {
      lines.add(
          ":white_check_mark: Resolved by run "
              + escape(incident.resolvedByRun)
              + " at "
              + TIME.format(incident.resolvedAt)
              + ".");
    }
    if (incident.fixedAt != null) {
      lines.add(
          ":white_check_mark: Fix merged"
              + (incident.reviewedBy == null ? "" : " by " + escape(incident.reviewedBy))
              + (incident.fixCommit == null ? "" : " as `" + escape(incident.fixCommit) + "`")
              + ".");
    }
    if (incident.dismissedAt != null) {
      lines.add(
          ":heavy_minus_sign: Fix's pull request closed unmerged"
              + (incident.reviewedBy == null ? "" : " by " + escape(incident.reviewedBy))
              + ".");
    }
    return lines;
  }

  /** Whether the incident needs nothing but a line: every root cause is transient. */
  public static boolean isTransient(Classified classified) {
    return !classified.groups().isEmpty()
        && classified.groups().stream().allMatch(g -> g.failureClass() == FailureClass.TRANSIENT);
  }

  private static String transientLine(Classified classified, Instant failedAt, String url) {
    return ":hourglass: *"
        + headline(classified.run(), failedAt)
        + "* for a transient reason ("
        + escape(classified.groups().get(0).reason())
        + "); nothing to fix, the next run should pass. <"
        + url
        + "|Incident>";
  }

  /** "nightly failed in shop at 04:12 UTC on 2026-12-05 (run …c0366)", escaped. */
  static String headline(RunRef run, Instant failedAt) {
    return escape(run.jobName() != null ? run.jobName() : "A job")
        + " failed"
        + (run.projectName() == null ? "" : " in " + escape(run.projectName()))
        + (failedAt == null ? "" : " at " + TIME.format(failedAt))
        + (run.runId() == null ? "" : " (run " + escape(shortRun(run.runId())) + ")");
  }

  private static Instant failedAt(RunRef run, Instant received) {
    return run.finishedAt() != null ? run.finishedAt() : received;
  }

  /** A run id for people: a long one (an invocation's UUID) as its last eight characters. */
  static String shortRun(String runId) {
    return runId == null || runId.length() <= 12
        ? runId
        : "…" + runId.substring(runId.length() - 8);
  }

  private static Message incident(
      Classified classified,
      Instant failedAt,
      Map<String, Outcome> outcomes,
      String incidentUrl,
      SlackMentions mentions) {
    String counts =
        classified.groups().stream()
            .collect(
                Collectors.groupingBy(
                    g -> g.failureClass().name(), TreeMap::new, Collectors.counting()))
            .entrySet()
            .stream()
            .map(e -> e.getValue() + " " + e.getKey())
            .collect(Collectors.joining(", "));
    int groups = classified.groups().size();
    String headline =
        headline(classified.run(), failedAt)
            + ": "
            + groups
            + (groups == 1 ? " root cause" : " root causes")
            + " ("
            + counts
            + ")";
    Map<String, Failure> failures =
        classified.failures().stream()
            .collect(Collectors.toMap(Failure::uniqueId, Function.identity(), (a, b) -> a));
    ArrayNode blocks = JsonNodeFactory.instance.arrayNode();
    section(blocks, ":rotating_light: *" + headline + "*");
    List<RootCauseGroup> shown = classified.groups().subList(0, Math.min(GROUPS_SHOWN, groups));
    for (RootCauseGroup group : shown) {
      Outcome outcome = outcomes.get(group.groupId());
      String owner = mentions.of(group.owner());
      section(
          blocks,
          "*"
              + group.failureClass()
              + "* `"
              + code(name(group.rootCauseNode()))
              + "`"
              + (owner == null ? "" : " · owner " + owner)
              + "\n"
              + failing(group, failures)
              + "\n"
              + (outcome != null ? escape(outcome.line()) : inProgress(group)));
    }
    if (groups > GROUPS_SHOWN) {
      section(
          blocks, "…and " + (groups - GROUPS_SHOWN) + " more root causes on the incident page.");
    }
    blocks.add(SlackButtons.of(shown, outcomes, incidentUrl));
    return new Message(headline, blocks);
  }

  /** "Failing: `a`, `b`, `c` (+4 more) · 2 downstream (not patched)". */
  private static String failing(RootCauseGroup group, Map<String, Failure> failures) {
    List<String> names =
        group.failures().stream()
            .map(id -> failures.containsKey(id) ? failures.get(id).name() : name(id))
            .map(name -> "`" + code(name) + "`")
            .toList();
    return "Failing: "
        + String.join(", ", names.subList(0, Math.min(TESTS_NAMED, names.size())))
        + (names.size() > TESTS_NAMED ? " (+" + (names.size() - TESTS_NAMED) + " more)" : "")
        + (group.cascades().isEmpty()
            ? ""
            : " · " + group.cascades().size() + " downstream (not patched)");
  }

  private static String inProgress(RootCauseGroup group) {
    return switch (group.action()) {
      case RECIPE -> "Applying the KB recipe of `" + code(group.kbEntryId()) + "`…";
      case AGENT -> "A coding agent is working on a fix…";
      case REPORT -> "Writing the root-cause report…";
      case RERUN -> "Transient: the next run should pass.";
      case NONE -> "Nothing to do: " + escape(group.reason());
    };
  }

  /** A section of {@code mrkdwn}, cut at the 3,000 characters Slack takes. */
  private static void section(ArrayNode blocks, String mrkdwn) {
    String text = mrkdwn.length() > 3000 ? mrkdwn.substring(0, 2999) + "…" : mrkdwn;
    ObjectNode section = blocks.addObject().put("type", "section");
    section.putObject("text").put("type", "mrkdwn").put("text", text);
  }

  /** Text inside backticks: escaped, without a backtick that would end the code span. */
  private static String code(String text) {
    return escape(String.valueOf(text).replace("`", "'"));
  }

  /** A node's name: the last part of its unique id, a test's without the hash dbt appends. */
  static String name(String uniqueId) {
    String id =
        uniqueId.startsWith("test.") ? uniqueId.replaceFirst("\\.[0-9a-f]{6,}$", "") : uniqueId;
    return id.substring(id.lastIndexOf('.') + 1);
  }
}
