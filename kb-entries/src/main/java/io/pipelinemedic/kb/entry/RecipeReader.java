package io.pipelinemedic.kb.entry;

import io.pipelinemedic.schemas.model.FailureClass;
import io.pipelinemedic.schemas.model.Recipe;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and validates the {@code recipe} of an entry. A recipe is executed by a machine without a
 * person in the loop, so it is held to strict rules: known kind and fields only, paths inside the
 * repository, plain identifiers, a values query that can only read, template placeholders that
 * exist.
 */
final class RecipeReader {

  private static final Map<String, Set<String>> KINDS =
      Map.of(
          "append_to_list_var", Set.of("kind", "file", "variable", "column", "values_query"),
          "add_accepted_values", Set.of("kind", "column"),
          "append_seed_rows", Set.of("kind", "seed", "column"),
          "report_to_owner", Set.of("kind", "template"));

  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Pattern DOTTED =
      Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_]\\w*)*");
  private static final Pattern WRITES =
      Pattern.compile(
          "\\b(insert|update|delete|merge|drop|create|alter|truncate|attach|detach|copy|pragma"
              + "|install|load|call|export|import|grant|revoke|set|use|vacuum|checkpoint)\\b",
          Pattern.CASE_INSENSITIVE);
  private static final Pattern COMMENTS = Pattern.compile("--[^\\n]*|/\\*.*?\\*/", Pattern.DOTALL);

  private RecipeReader() {}

  /** The recipe, or null when it has problems (recorded in {@code recipe}). */
  static Recipe read(EntryParser.Fields recipe) {
    int before = recipe.problems().size();
    String kind = recipe.requiredText("kind");
    if (kind == null) {
      return null;
    }
    Set<String> fields = KINDS.get(kind);
    if (fields == null) {
      recipe.problem(
          "kind", "'" + kind + "' is not a recipe kind (known: " + sorted(KINDS.keySet()) + ")");
      return null;
    }
    recipe.onlyKnown(fields);
    Recipe result =
        switch (kind) {
          case "append_to_list_var" -> appendToListVar(recipe);
          case "add_accepted_values" ->
              new Recipe.AddAcceptedValues(identifier(recipe, "column", false));
          case "append_seed_rows" ->
              new Recipe.AppendSeedRows(
                  path(recipe, "seed", ".csv"), identifier(recipe, "column", true));
          default -> new Recipe.ReportToOwner(template(recipe));
        };
    return recipe.problems().size() == before ? result : null;
  }

  /** Records a problem when the recipe does not belong to an entry of {@code failureClass}. */
  static void checkFitsClass(
      Recipe recipe, FailureClass failureClass, EntryParser.Fields entryFields) {
    boolean report = recipe instanceof Recipe.ReportToOwner;
    if (failureClass == FailureClass.TRANSIENT) {
      entryFields.problem("recipe", "is not allowed on a TRANSIENT entry: nothing is to be done");
    } else if (failureClass == FailureClass.SOURCE && !report) {
      entryFields.problem(
          "recipe", "of a SOURCE entry can only be report_to_owner: bad data is never patched");
    } else if (failureClass == FailureClass.CODE && report) {
      entryFields.problem("recipe", "report_to_owner belongs to a SOURCE entry, not a CODE one");
    }
  }

  private static Recipe appendToListVar(EntryParser.Fields recipe) {
    String file = path(recipe, "file", ".yml", ".yaml");
    String variable = recipe.requiredText("variable");
    if (variable != null && !DOTTED.matcher(variable).matches()) {
      recipe.problem("variable", "must be a dotted path of names, e.g. sku_product_lines");
    }
    String column = identifier(recipe, "column", false);
    String query = recipe.optionalText("values_query");
    if ((column == null) == (query == null)) {
      recipe.problem("", "needs exactly one of column or values_query");
    }
    if (query != null) {
      checkReadOnly(recipe, query);
    }
    return new Recipe.AppendToListVar(file, variable, column, query);
  }

  private static void checkReadOnly(EntryParser.Fields recipe, String query) {
    String code = COMMENTS.matcher(query).replaceAll(" ").strip();
    if (code.endsWith(";")) {
      code = code.substring(0, code.length() - 1);
    }
    if (!code.matches("(?is)(select|with)\\b.*")) {
      recipe.problem("values_query", "must be a single select (or with … select) statement");
    } else if (code.contains(";")) {
      recipe.problem("values_query", "must be a single statement");
    } else {
      Matcher write = WRITES.matcher(code);
      if (write.find()) {
        recipe.problem("values_query", "must only read; it contains '" + write.group(1) + "'");
      }
    }
  }

  private static String template(EntryParser.Fields recipe) {
    String template = recipe.requiredText("template");
    if (template != null) {
      Matcher placeholder = Recipe.ReportToOwner.PLACEHOLDER.matcher(template);
      while (placeholder.find()) {
        if (!Recipe.ReportToOwner.PLACEHOLDERS.contains(placeholder.group(1))) {
          recipe.problem(
              "template",
              "uses {{"
                  + placeholder.group(1)
                  + "}}, which is not a placeholder (known: "
                  + sorted(Recipe.ReportToOwner.PLACEHOLDERS)
                  + ")");
        }
      }
    }
    return template;
  }

  private static String identifier(EntryParser.Fields recipe, String field, boolean required) {
    String name = required ? recipe.requiredText(field) : recipe.optionalText(field);
    if (name != null && !IDENTIFIER.matcher(name).matches()) {
      recipe.problem(field, "must be a column name, not '" + name + "'");
    }
    return name;
  }

  private static String path(EntryParser.Fields recipe, String field, String... extensions) {
    String path = recipe.requiredText(field);
    if (path == null) {
      return null;
    }
    if (path.startsWith("/") || path.contains("\\") || List.of(path.split("/")).contains("..")) {
      recipe.problem(field, "must be a path inside the repository, not '" + path + "'");
    } else if (List.of(extensions).stream().noneMatch(path::endsWith)) {
      recipe.problem(field, "must end with " + String.join(" or ", extensions));
    }
    return path;
  }

  private static String sorted(Set<String> names) {
    return String.join(", ", names.stream().sorted().toList());
  }
}
