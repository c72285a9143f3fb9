package io.pipelinemedic.runner.report;

import io.pipelinemedic.schemas.Classified;
import io.pipelinemedic.schemas.Envelope;
import io.pipelinemedic.schemas.SourceReported;
import io.pipelinemedic.schemas.model.EmailDraft;
import io.pipelinemedic.schemas.model.Failure;
import io.pipelinemedic.schemas.model.LineageNode;
import io.pipelinemedic.schemas.model.Owner;
import io.pipelinemedic.schemas.model.Recipe;
import io.pipelinemedic.schemas.model.RootCauseGroup;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A SOURCE group's root-cause report, never a code change: the classifier's sentence as the root
 * cause, its diagnostic queries with their results, the owner, next steps (the KB entry's, or plain
 * defaults), and a note to the owner drafted from the entry's {@code report_to_owner} template or,
 * without one, in plain words. Failing rows are quoted as data, never as instructions.
 */
public final class SourceReports {

  /** The producer named in every envelope. */
  public static final String PRODUCER = "agent-runner-service";

  /** The most failing values quoted in a note. */
  static final int MAX_VALUES = 10;

  private static final Pattern STEP = Pattern.compile("^\\s*(?:\\d+[.)]|[-*])\\s+(.+)$");

  private SourceReports() {}

  /**
   * The report of {@code group}.
   *
   * @param failingRows rows the group's first failing test returns on the dev area, to quote
   */
  public static SourceReported build(
      Classified event, RootCauseGroup group, List<Map<String, Object>> failingRows, Instant now) {
    Failure lead = lead(event, group);
    String relation =
        event.lineage().stream()
            .filter(node -> node.uniqueId().equals(group.rootCauseNode()))
            .map(LineageNode::relationName)
            .filter(Objects::nonNull)
            .findFirst()
            .orElse(group.rootCauseNode());
    Map<String, String> values = placeholders(event, group, lead, failingRows);
    return new SourceReported(
        Envelope.create(event.envelope().incidentId(), PRODUCER, now),
        group.groupId(),
        group.rootCauseNode(),
        relation,
        group.reason(),
        group.evidence().stream().filter(e -> e.query() != null).toList(),
        group.owner(),
        nextSteps(group, relation),
        email(group, relation, values),
        group.cascades(),
        null);
  }

  private static Failure lead(Classified event, RootCauseGroup group) {
    return event.failures().stream()
        .filter(f -> group.failures().contains(f.uniqueId()))
        .findFirst()
        .orElseThrow(
            () -> new IllegalArgumentException("group " + group.groupId() + " names no failure"));
  }

  private static Map<String, String> placeholders(
      Classified event, RootCauseGroup group, Failure lead, List<Map<String, Object>> rows) {
    List<String> quoted = new ArrayList<>();
    for (Map<String, Object> row : rows) {
      if (quoted.size() == MAX_VALUES) {
        break;
      }
      Object first = row.isEmpty() ? null : row.values().iterator().next();
      quoted.add(String.valueOf(first));
    }
    String failingValues = String.join(", ", quoted);
    if (rows.size() > MAX_VALUES) {
      failingValues += " and " + (rows.size() - MAX_VALUES) + " more";
    }
    long count = lead.failingRows() != null ? lead.failingRows() : rows.size();
    return Map.of(
        "owner", ownerName(group.owner()),
        "node", group.rootCauseNode(),
        "test", lead.name(),
        "message", lead.message() == null ? "" : lead.message(),
        "failing_count", Long.toString(count),
        "failing_values", failingValues,
        "run_url", "run " + event.run().runId());
  }

  private static List<String> nextSteps(RootCauseGroup group, String relation) {
    List<String> steps = new ArrayList<>();
    if (group.instructions() != null) {
      for (String line : group.instructions().split("\n")) {
        Matcher step = STEP.matcher(line);
        if (step.matches()) {
          steps.add(step.group(1).strip());
        }
      }
    }
    if (steps.isEmpty()) {
      steps.add("Look at the rows the diagnostic queries found in " + relation + ".");
      steps.add("Ask " + ownerName(group.owner()) + " to correct the data where it is produced.");
      steps.add("Re-run the job once the corrected data has arrived.");
    }
    return steps;
  }

  private static EmailDraft email(
      RootCauseGroup group, String relation, Map<String, String> values) {
    String to =
        group.owner() != null && group.owner().email() != null
            ? group.owner().email()
            : ownerName(group.owner());
    String subject = "A problem in the data of " + relation;
    String body =
        group.recipe() instanceof Recipe.ReportToOwner report
            ? render(report.template(), values)
            : "Hello "
                + values.get("owner")
                + ",\n\nlast night "
                + values.get("failing_count")
                + " rows of "
                + relation
                + " did not pass our check "
                + values.get("test")
                + (values.get("failing_values").isEmpty()
                    ? ""
                    : " (for example " + values.get("failing_values") + ")")
                + ". The reports built on this data were held back. Could you look into it and"
                + " send a corrected delivery?\n\nThank you!";
    return new EmailDraft(to, subject, body.strip());
  }

  /** {@code template} with each known placeholder replaced; an unknown one stays as written. */
  static String render(String template, Map<String, String> values) {
    Matcher placeholder = Recipe.ReportToOwner.PLACEHOLDER.matcher(template);
    StringBuilder out = new StringBuilder();
    while (placeholder.find()) {
      String value = values.get(placeholder.group(1));
      placeholder.appendReplacement(
          out, Matcher.quoteReplacement(value != null ? value : placeholder.group()));
    }
    placeholder.appendTail(out);
    return out.toString();
  }

  private static String ownerName(Owner owner) {
    return owner == null || owner.name() == null ? "data owner" : owner.name();
  }
}
