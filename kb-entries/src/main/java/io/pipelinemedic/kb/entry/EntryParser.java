package io.pipelinemedic.kb.entry;

import io.pipelinemedic.schemas.model.FailureClass;
import io.pipelinemedic.schemas.model.KbEntry;
import io.pipelinemedic.schemas.model.KbMatchRule;
import io.pipelinemedic.schemas.model.Owner;
import io.pipelinemedic.schemas.model.Recipe;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Turns an {@link EntryDocument} into a valid {@link KbEntry} or the list of everything wrong with
 * it: unknown fields (a typo must not silently drop a criterion), a missing title or class, no
 * match criterion, a malformed message expression, an invalid recipe, or a recipe that does not fit
 * the class (a SOURCE entry never changes code).
 */
public final class EntryParser {

  private static final Set<String> FIELDS = Set.of("title", "class", "match", "owner", "recipe");
  private static final Set<String> MATCH_FIELDS = Set.of("tests", "node", "message");
  private static final Set<String> OWNER_FIELDS = Set.of("name", "email", "group");

  private EntryParser() {}

  /** The entry, or why it cannot be published. */
  public static ParsedEntry parse(EntryDocument document) {
    Fields fields = new Fields(document.fields(), "", new ArrayList<>());
    fields.onlyKnown(FIELDS);
    String title = fields.requiredText("title");
    FailureClass failureClass = failureClass(fields);
    KbMatchRule match = match(fields.section("match", MATCH_FIELDS));
    Owner owner = owner(fields);
    Recipe recipe = null;
    Fields recipeFields = fields.section("recipe", null);
    if (recipeFields != null) {
      recipe = RecipeReader.read(recipeFields);
      if (recipe != null && failureClass != null) {
        RecipeReader.checkFitsClass(recipe, failureClass, fields);
      }
    }
    if (!fields.problems().isEmpty()) {
      return new ParsedEntry.Invalid(document.id(), document.sourceRef(), fields.problems());
    }
    return new ParsedEntry.Valid(
        new KbEntry(
            document.id(),
            title,
            document.source(),
            document.sourceRef(),
            0,
            document.updatedAt(),
            match,
            failureClass,
            owner,
            document.steps() == null ? "" : document.steps().strip(),
            recipe));
  }

  private static FailureClass failureClass(Fields fields) {
    String text = fields.requiredText("class");
    if (text == null) {
      return null;
    }
    try {
      return FailureClass.valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      fields.problem("class", "must be CODE, SOURCE or TRANSIENT, not '" + text + "'");
      return null;
    }
  }

  private static KbMatchRule match(Fields match) {
    if (match == null) {
      return null;
    }
    List<String> tests = match.textList("tests");
    String node = match.optionalText("node");
    String message = match.optionalText("message");
    if (tests.isEmpty() && node == null && message == null) {
      match.problem("", "needs at least one of tests, node or message");
    }
    if (message != null) {
      try {
        Pattern.compile(message);
      } catch (PatternSyntaxException e) {
        match.problem(
            "message", "is not a valid regular expression: " + e.getDescription().strip());
      }
    }
    return new KbMatchRule(tests, node, message);
  }

  private static Owner owner(Fields fields) {
    Object value = fields.raw("owner");
    if (value == null) {
      return null;
    }
    if (value instanceof String name) {
      return name.isBlank() ? null : new Owner(name.trim(), null, null);
    }
    Fields owner = fields.section("owner", OWNER_FIELDS);
    if (owner == null) {
      return null;
    }
    String name = owner.requiredText("name");
    String email = owner.optionalText("email");
    if (email != null && !email.matches("[^@\\s]+@[^@\\s]+")) {
      owner.problem("email", "is not an email address: '" + email + "'");
    }
    return new Owner(name, email, owner.optionalText("group"));
  }

  /** Read access to one mapping of the entry, collecting problems with their field path. */
  static final class Fields {

    private final Map<String, Object> values;
    private final String path;
    private final List<String> problems;

    Fields(Map<String, Object> values, String path, List<String> problems) {
      this.values = values == null ? Map.of() : values;
      this.path = path;
      this.problems = problems;
    }

    List<String> problems() {
      return problems;
    }

    void problem(String field, String problem) {
      String where = field.isEmpty() ? path.replaceAll("\\.$", "") : path + field;
      problems.add(where.isEmpty() ? problem : where + " " + problem);
    }

    void onlyKnown(Set<String> known) {
      values.keySet().stream()
          .filter(key -> !known.contains(key))
          .sorted()
          .forEach(key -> problem(key, "is not a known field (known: " + sorted(known) + ")"));
    }

    Object raw(String field) {
      return values.get(field);
    }

    /** A nested mapping, or null (with a problem when it is not a mapping). */
    @SuppressWarnings("unchecked")
    Fields section(String field, Set<String> known) {
      Object value = values.get(field);
      if (value == null) {
        if (field.equals("match")) {
          problem(field, "is required: which failures does the entry apply to?");
        }
        return null;
      }
      if (!(value instanceof Map<?, ?> map)) {
        problem(field, "must be a mapping");
        return null;
      }
      Fields section = new Fields((Map<String, Object>) map, path + field + ".", problems);
      if (known != null) {
        section.onlyKnown(known);
      }
      return section;
    }

    String requiredText(String field) {
      String text = optionalText(field);
      if (text == null && !values.containsKey(field)) {
        problem(field, "is required");
      } else if (text == null) {
        problem(field, "must not be empty");
      }
      return text;
    }

    String optionalText(String field) {
      Object value = values.get(field);
      if (value == null) {
        return null;
      }
      if (value instanceof Map || value instanceof List) {
        problem(field, "must be text");
        return null;
      }
      String text = value.toString().trim();
      return text.isEmpty() ? null : text;
    }

    /** A list of texts; a single text is a list of one. */
    List<String> textList(String field) {
      Object value = values.get(field);
      if (value == null) {
        return List.of();
      }
      List<?> items = value instanceof List<?> list ? list : List.of(value);
      List<String> texts = new ArrayList<>();
      for (Object item : items) {
        if (item == null || item instanceof Map || item instanceof List) {
          problem(field, "must be a list of texts");
          return List.of();
        }
        if (!item.toString().isBlank()) {
          texts.add(item.toString().trim());
        }
      }
      return texts;
    }

    private static String sorted(Set<String> names) {
      return String.join(", ", names.stream().sorted().toList());
    }
  }
}
