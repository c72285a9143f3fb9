package io.pipelinemedic.schemas.model;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.Set;
import java.util.regex.Pattern;

/** A small, declarative fix from the KB that the agent runner executes without a model. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
  @JsonSubTypes.Type(value = Recipe.AppendToListVar.class, name = "append_to_list_var"),
  @JsonSubTypes.Type(value = Recipe.AddAcceptedValues.class, name = "add_accepted_values"),
  @JsonSubTypes.Type(value = Recipe.AppendSeedRows.class, name = "append_seed_rows"),
  @JsonSubTypes.Type(value = Recipe.ReportToOwner.class, name = "report_to_owner")
})
public sealed interface Recipe {

  /**
   * Append items to a list variable: the failing values of a column, or the rows of a query.
   *
   * @param file YAML file that holds the variable, e.g. {@code dbt_project.yml}
   * @param variable dotted path of the list variable under {@code vars}
   * @param column column of the failing rows whose distinct values are appended; or
   * @param valuesQuery a read-only {@code select} (with {@code ref}/{@code source}) whose rows are
   *     appended: one column gives scalar items, several give mappings keyed by column name
   */
  record AppendToListVar(String file, String variable, String column, String valuesQuery)
      implements Recipe {}

  /**
   * Add the failing values to the {@code accepted_values} list of the failing test.
   *
   * @param column the tested column; absent means the failing test's own column
   */
  record AddAcceptedValues(String column) implements Recipe {}

  /**
   * Append a row per failing value to a seed CSV.
   *
   * @param seed path of the seed file
   * @param column seed column that receives the failing value
   */
  record AppendSeedRows(String seed, String column) implements Recipe {}

  /**
   * Report to the owner with a message template instead of changing code.
   *
   * @param template markdown template of the note to the owner, with {@link #PLACEHOLDERS} in
   *     double braces, e.g. {@code {{owner}}}
   */
  record ReportToOwner(String template) implements Recipe {

    /** The placeholders a template may use. */
    public static final Set<String> PLACEHOLDERS =
        Set.of("owner", "node", "test", "message", "failing_count", "failing_values", "run_url");

    /** A placeholder as written in a template; group 1 is its name, known or not. */
    public static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([^}\\s]*)\\s*}}");
  }
}
