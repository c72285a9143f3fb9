package io.pipelinemedic.publisher.github;

import io.pipelinemedic.schemas.FixProposed;
import io.pipelinemedic.schemas.model.Evidence;
import io.pipelinemedic.schemas.model.FileChange;
import io.pipelinemedic.schemas.model.NodeResult;
import io.pipelinemedic.schemas.model.RootCauseGroup;
import io.pipelinemedic.schemas.model.TestTally;
import java.util.List;
import java.util.Locale;

/**
 * A verified fix's pull request as a careful colleague would write it: a title naming the model and
 * the failure; a body with what failed, the root cause and why (the classifier's sentence and its
 * evidence), what changed, the KB entry followed or the agent's summary, dbt's verification before
 * and after, the cascades it resolves, what it cost, and the incident.
 */
public final class PullRequestText {

  private PullRequestText() {}

  /** {@code Fix <failure> in <model>}, e.g. {@code Fix accepted_values failures in stg_orders}. */
  public static String title(FixProposed fix, RootCauseGroup group) {
    String failure =
        group.signature() == null
            ? "failures"
            : group.signature().substring(group.signature().indexOf('.') + 1) + " failures";
    return "Fix " + failure + " in " + name(fix.rootCauseNode());
  }

  /** The body, in GitHub markdown. */
  public static String body(FixProposed fix, RootCauseGroup group, String incidentUrl) {
    StringBuilder body = new StringBuilder();
    body.append("## What failed\n");
    group.failures().forEach(id -> body.append("- `").append(id).append("`\n"));
    body.append("\n## Root cause\n`")
        .append(fix.rootCauseNode())
        .append("` (")
        .append(group.failureClass())
        .append(", decided by ")
        .append(group.decidedBy().name().toLowerCase(Locale.ROOT).replace('_', ' '))
        .append("): ")
        .append(group.reason())
        .append('\n');
    for (Evidence evidence : group.evidence()) {
      body.append("- ").append(evidence.summary()).append('\n');
      if (evidence.query() != null) {
        body.append("  ```sql\n  ")
            .append(evidence.query().strip().replace("\n", "\n  "))
            .append("\n  ```\n");
      }
    }
    body.append("\n## What changed\n")
        .append(fix.summary() == null ? "" : fix.summary().strip())
        .append("\n\n");
    if (fix.change() != null) {
      for (FileChange file : fix.change().files()) {
        body.append("- `")
            .append(file.path())
            .append("` +")
            .append(file.additions())
            .append(" −")
            .append(file.deletions())
            .append('\n');
      }
    }
    body.append('\n')
        .append(
            fix.kbEntryId() != null
                ? "Followed the KB entry `" + fix.kbEntryId() + "`."
                : "Made by the coding agent `"
                    + (fix.cost() == null ? "?" : fix.cost().agent())
                    + "`; review it as you would a colleague's.")
        .append("\n\n## Verification\n");
    if (fix.verification() != null) {
      body.append("`")
          .append(String.join(" ", fix.verification().command()))
          .append(
              "` in a dev area of production:\n\n"
                  + "| | passed | warned | failed | errored | skipped |\n"
                  + "|---|---|---|---|---|---|\n")
          .append(row("before", fix.verification().before()))
          .append(row("after", fix.verification().after()));
      List<NodeResult> results = fix.verification().results();
      if (!results.isEmpty()) {
        body.append("\n<details><summary>Every model and test the build ran after the fix (")
            .append(results.size())
            .append(")</summary>\n\n");
        results.forEach(
            r ->
                body.append("- `")
                    .append(r.uniqueId())
                    .append("`: ")
                    .append(r.status())
                    .append('\n'));
        body.append("\n</details>\n");
      }
    }
    if (!fix.cascadesResolved().isEmpty()) {
      body.append("\nAlso resolves, downstream:\n");
      fix.cascadesResolved().forEach(id -> body.append("- `").append(id).append("`\n"));
    }
    if (fix.cost() != null) {
      body.append(
          String.format(
              Locale.ROOT,
              "%n## Cost%n%s: $%.4f, %d input and %d output tokens, %d turns, %.1f s.%n",
              fix.cost().agent(),
              fix.cost().usd(),
              fix.cost().inputTokens(),
              fix.cost().outputTokens(),
              fix.cost().turns(),
              fix.cost().durationMs() / 1000.0));
    }
    body.append("\n---\nOpened by Pipeline Medic for incident [")
        .append(fix.envelope().incidentId())
        .append("](")
        .append(incidentUrl)
        .append("). It never merges: a person decides.\n");
    return body.toString();
  }

  private static String row(String when, TestTally tally) {
    return "| "
        + when
        + " | "
        + tally.passed()
        + " | "
        + tally.warned()
        + " | "
        + tally.failed()
        + " | "
        + tally.errored()
        + " | "
        + tally.skipped()
        + " |\n";
  }

  private static String name(String uniqueId) {
    return uniqueId.substring(uniqueId.lastIndexOf('.') + 1);
  }
}
