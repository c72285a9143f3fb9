package io.pipelinemedic.publisher.slack;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pipelinemedic.publisher.record.IncidentRow;
import io.pipelinemedic.schemas.Classified;
import io.pipelinemedic.schemas.model.FailureClass;
import io.pipelinemedic.schemas.model.RootCauseGroup;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The incident's Slack message in Block Kit: one message per incident, grouped by root cause (never
 * one per failing test), each group with its class, action and outcome so far, then its life after
 * the outcome (resolved, fix merged or dismissed, the pipeline stopped); a TRANSIENT incident in
 * one line, and one a service gave up on before its classification in one line.
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

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm 'UTC' 'on' yyyy-MM-dd").withZone(ZoneOffset.UTC);

  /**
   * The incident's message as it stands.
   *
   * @param classified its classification, or {@code null} when none came (a service gave up)
   * @param outcomes each group's outcome line by group id
   * @param stopped why the pipeline stopped, while it has; otherwise {@code null}
   */
  public static Message of(
      IncidentRow incident,
      Classified classified,
      Map<String, String> outcomes,
      String incidentUrl,
      String stopped) {
    List<String> closing = new ArrayList<>(closing(incident));
    if (stopped != null) {
      closing.add(":x: " + escape(stopped));
    }
    if (classified == null || classified.groups().isEmpty()) {
      return new Message(
          "*"
              + escape(incident.jobName)
              + "* run "
              + escape(incident.runId)
              + ": "
              + String.join(" ", closing)
              + " <"
              + incidentUrl
              + "|Incident>",
          null);
    }
    if (isTransient(classified)) {
      Message line = transientLine(classified, incidentUrl);
      return closing.isEmpty()
          ? line
          : new Message(line.text() + "\n" + String.join("\n", closing), null);
    }
    Message message = incident(classified, outcomes, incidentUrl);
    if (!closing.isEmpty()) {
      ObjectNode context = (ObjectNode) message.blocks().remove(message.blocks().size() - 1);
      section(message.blocks(), String.join("\n", closing));
      message.blocks().add(context);
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

  /** The one line of a transient incident. */
  public static Message transientLine(Classified classified, String incidentUrl) {
    String reason = classified.groups().get(0).reason();
    return new Message(
        ":hourglass: *"
            + classified.run().jobName()
            + "* run "
            + classified.run().runId()
            + " failed for a transient reason ("
            + reason
            + "); nothing to fix, the next run should pass. <"
            + incidentUrl
            + "|Incident>",
        null);
  }

  /**
   * The incident's message: a header, then one section per root cause with its outcome so far.
   *
   * @param outcomes each group's outcome line by group id; a group without one is in progress
   */
  public static Message incident(
      Classified classified, Map<String, String> outcomes, String incidentUrl) {
    String counts =
        classified.groups().stream()
            .collect(
                Collectors.groupingBy(
                    g -> g.failureClass().name(), java.util.TreeMap::new, Collectors.counting()))
            .entrySet()
            .stream()
            .map(e -> e.getValue() + " " + e.getKey())
            .collect(Collectors.joining(", "));
    String headline =
        classified.run().jobName()
            + " run "
            + classified.run().runId()
            + " failed: "
            + classified.groups().size()
            + (classified.groups().size() == 1 ? " root cause" : " root causes")
            + " ("
            + counts
            + ")";
    ArrayNode blocks = JsonNodeFactory.instance.arrayNode();
    section(blocks, ":rotating_light: *" + headline + "*");
    for (RootCauseGroup group : classified.groups()) {
      String outcome = outcomes.get(group.groupId());
      section(
          blocks,
          "*"
              + group.failureClass()
              + "* `"
              + name(group.rootCauseNode())
              + "`: "
              + group.failures().size()
              + (group.failures().size() == 1 ? " failure" : " failures")
              + (group.cascades().isEmpty()
                  ? ""
                  : ", " + group.cascades().size() + " downstream (not patched)")
              + "\n"
              + (outcome != null ? outcome : inProgress(group)));
    }
    ObjectNode context = blocks.addObject().put("type", "context");
    context
        .putArray("elements")
        .addObject()
        .put("type", "mrkdwn")
        .put("text", "<" + incidentUrl + "|Incident " + classified.envelope().incidentId() + ">");
    return new Message(headline, blocks);
  }

  private static String inProgress(RootCauseGroup group) {
    return switch (group.action()) {
      case RECIPE -> "Applying the KB recipe of `" + group.kbEntryId() + "`…";
      case AGENT -> "A coding agent is working on a fix…";
      case REPORT -> "Writing the root-cause report…";
      case RERUN -> "Transient: the next run should pass.";
      case NONE -> "Nothing to do: " + group.reason();
    };
  }

  private static void section(ArrayNode blocks, String mrkdwn) {
    ObjectNode section = blocks.addObject().put("type", "section");
    section.putObject("text").put("type", "mrkdwn").put("text", mrkdwn);
  }

  private static String name(String uniqueId) {
    return uniqueId.substring(uniqueId.lastIndexOf('.') + 1);
  }
}
