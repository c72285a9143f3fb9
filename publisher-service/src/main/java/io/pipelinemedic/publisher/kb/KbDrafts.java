package io.pipelinemedic.publisher.kb;

import io.pipelinemedic.kb.entry.MarkdownEntry;
import io.pipelinemedic.kb.entry.ParsedEntry;
import io.pipelinemedic.schemas.Classified;
import io.pipelinemedic.schemas.FixProposed;
import io.pipelinemedic.schemas.FixReviewed;
import io.pipelinemedic.schemas.model.Failure;
import io.pipelinemedic.schemas.model.FileChange;
import io.pipelinemedic.schemas.model.KbSource;
import io.pipelinemedic.schemas.model.Owner;
import io.pipelinemedic.schemas.model.RootCauseGroup;
import io.pipelinemedic.schemas.model.TestTally;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A KB entry drafted from a coding agent's fix that a person merged, for a person to review: class
 * CODE, matched on the failing tests' names and the root-cause node, the agent's steps in plain
 * words, and a recipe when the change has the shape of one the runner executes (the failing tests
 * all {@code accepted_values} and only schema files changed: {@code add_accepted_values}), so that
 * once merged the same failure is fixed without a model. The draft is parsed as the KB will parse
 * it before it is proposed: one the KB would refuse is never proposed.
 */
public final class KbDrafts {

  private static final Set<String> SCHEMA_FILES = Set.of(".yml", ".yaml");
  private static final int MAX_SUMMARY = 1500;

  /**
   * A drafted entry.
   *
   * @param path the file, under the KB's folder
   * @param branch the branch that proposes it
   * @param title its title, also the pull request's
   * @param markdown the file
   * @param recipe whether it carries a recipe
   */
  public record Draft(String path, String branch, String title, String markdown, boolean recipe) {}

  private KbDrafts() {}

  /**
   * The entry {@code fix} teaches, in the KB folder {@code folder}.
   *
   * @throws IllegalArgumentException when the KB would not take the entry, with why
   */
  public static Draft of(
      FixProposed fix, Classified classified, FixReviewed merged, String folder, String incident) {
    RootCauseGroup group =
        classified.groups().stream()
            .filter(g -> g.groupId().equals(fix.groupId()))
            .findFirst()
            .orElseThrow(
                () -> new IllegalArgumentException("no root-cause group " + fix.groupId()));
    List<Failure> failures =
        classified.failures().stream()
            .filter(f -> group.failures().contains(f.uniqueId()))
            .toList();
    List<String> tests =
        failures.stream().map(Failure::testName).filter(Objects::nonNull).distinct().toList();
    String node = fix.rootCauseNode();
    String name = node.substring(node.lastIndexOf('.') + 1);
    String title =
        (tests.isEmpty() ? "A failure" : String.join(", ", tests) + " failures")
            + " in "
            + name
            + ", fixed by a coding agent";
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("title", title);
    fields.put("class", "CODE");
    Map<String, Object> match = new LinkedHashMap<>();
    if (!tests.isEmpty()) {
      match.put("tests", tests);
    }
    match.put("node", node);
    fields.put("match", match);
    Owner owner = fix.owner() != null ? fix.owner() : group.owner();
    if (owner != null && owner.name() != null) {
      Map<String, Object> who = new LinkedHashMap<>();
      who.put("name", owner.name());
      if (owner.email() != null) {
        who.put("email", owner.email());
      }
      fields.put("owner", who);
    }
    boolean recipe = acceptedValuesShape(tests, fix.change().files());
    if (recipe) {
      fields.put("recipe", Map.of("kind", "add_accepted_values"));
    }
    String slug = slug(name + "-" + String.join("-", tests));
    String suffix = incident.substring(Math.max(0, incident.length() - 8));
    String path = folder + "/learned-" + slug + "-" + slug(suffix) + ".md";
    String markdown = MarkdownEntry.write(fields, steps(fix, merged, incident, recipe));
    ParsedEntry parsed = MarkdownEntry.parse(path, KbSource.GIT, path, Instant.now(), markdown);
    if (parsed instanceof ParsedEntry.Invalid invalid) {
      throw new IllegalArgumentException("the KB would refuse it: " + invalid.problems());
    }
    return new Draft(
        path, "medic/kb-" + slug(incident) + "-" + slug(fix.groupId()), title, markdown, recipe);
  }

  /**
   * The failing tests are all accepted_values, and only schema files (not the project's) changed.
   */
  private static boolean acceptedValuesShape(List<String> tests, List<FileChange> files) {
    return tests.equals(List.of("accepted_values"))
        && !files.isEmpty()
        && files.stream()
            .map(FileChange::path)
            .allMatch(
                path ->
                    SCHEMA_FILES.stream().anyMatch(path::endsWith)
                        && !path.endsWith("dbt_project.yml"));
  }

  private static String steps(
      FixProposed fix, FixReviewed merged, String incident, boolean recipe) {
    StringBuilder steps = new StringBuilder();
    steps
        .append("Drafted by Pipeline Medic from incident ")
        .append(incident)
        .append(": a coding agent")
        .append(fix.cost() == null ? "" : " (" + fix.cost().agent() + ")")
        .append(" fixed it, dbt verified the fix, and ")
        .append(merged.closedBy() == null ? "a person" : merged.closedBy())
        .append(" merged it (")
        .append(merged.url())
        .append("). Review it like any change: once merged, the same failure is ")
        .append(
            recipe
                ? "fixed by the recipe above, with no model call."
                : "given to the coding agent with these steps.")
        .append("\n\nWhat the agent said it did (its own words, to check against the diff):\n\n")
        .append(quoted(fix.summary()))
        .append("\n\n");
    int step = 1;
    for (FileChange file : fix.change().files()) {
      steps
          .append(step++)
          .append(". Change `")
          .append(file.path())
          .append("` (+")
          .append(file.additions())
          .append(" −")
          .append(file.deletions())
          .append(").\n");
    }
    steps.append(step).append(". Build `").append(fix.rootCauseNode()).append("` and everything");
    steps.append(" downstream; the failing tests must pass");
    if (fix.verification() != null) {
      steps.append(" (the agent's fix: ").append(tally(fix.verification().before()));
      steps.append(" before, ").append(tally(fix.verification().after())).append(" after)");
    }
    return steps.append(".\n").toString();
  }

  /** The agent's words as a quote, at most {@link #MAX_SUMMARY} characters. */
  private static String quoted(String summary) {
    if (summary == null || summary.isBlank()) {
      return "> (no summary)";
    }
    String text = summary.strip();
    if (text.length() > MAX_SUMMARY) {
      text = text.substring(0, MAX_SUMMARY) + "…";
    }
    return "> " + text.replace("\n", "\n> ");
  }

  private static String tally(TestTally tally) {
    return tally == null
        ? "?"
        : tally.passed()
            + " passed, "
            + tally.failed()
            + " failed, "
            + tally.errored()
            + " errored";
  }

  private static String slug(String text) {
    String slug =
        text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
    return slug.length() > 60 ? slug.substring(0, 60) : slug;
  }
}
