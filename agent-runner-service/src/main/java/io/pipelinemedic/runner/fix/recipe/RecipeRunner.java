package io.pipelinemedic.runner.fix.recipe;

import static io.pipelinemedic.runner.fix.recipe.YamlListEditor.anyKey;
import static io.pipelinemedic.runner.fix.recipe.YamlListEditor.itemKey;
import static io.pipelinemedic.runner.fix.recipe.YamlListEditor.itemWith;
import static io.pipelinemedic.runner.fix.recipe.YamlListEditor.key;
import static io.pipelinemedic.runner.fix.recipe.YamlListEditor.testArgument;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pipelinemedic.artifacts.ArtifactFormatException;
import io.pipelinemedic.artifacts.Manifest;
import io.pipelinemedic.artifacts.ManifestNode;
import io.pipelinemedic.artifacts.ManifestReader;
import io.pipelinemedic.runner.sandbox.DevDbt;
import io.pipelinemedic.runner.sandbox.Sandbox;
import io.pipelinemedic.schemas.model.Failure;
import io.pipelinemedic.schemas.model.Recipe;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Executes a KB recipe in a sandbox, deterministically and without a model: the values come from
 * the dev area (the entry's {@code values_query}, or the failing rows of the group's tests), and
 * are appended to the list the recipe names, in the file's own style. New accepted values also join
 * every list of the same domain below the root cause ({@link AcceptedValuesLists}), which a job run
 * with {@code dbt build} never tested. Values a list already has are not added twice; a recipe that
 * finds nothing to add fails rather than commit an empty change.
 */
public final class RecipeRunner {

  /**
   * What the recipe changed.
   *
   * @param files paths changed, relative to the project
   * @param added the values added, as written
   * @param summary one sentence for the pull request
   */
  public record Applied(List<String> files, List<String> added, String summary) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The most values a recipe reads from the dev area. */
  static final int MAX_VALUES = 500;

  private final DevDbt dbt;

  public RecipeRunner(DevDbt dbt) {
    this.dbt = dbt;
  }

  /**
   * Applies {@code recipe} for the group whose root cause is {@code rootCause} and whose failures
   * (roots and cascades) are {@code failures}.
   *
   * @throws IOException when the recipe cannot be carried out; the message says why
   */
  public Applied apply(Sandbox sandbox, Recipe recipe, String rootCause, List<Failure> failures)
      throws IOException, InterruptedException {
    if (recipe instanceof Recipe.AppendToListVar append) {
      return appendToListVar(sandbox, append, failures);
    }
    if (recipe instanceof Recipe.AddAcceptedValues accepted) {
      return addAcceptedValues(sandbox, accepted, rootCause, failures);
    }
    throw new IOException(
        "the recipe " + recipe.getClass().getSimpleName() + " does not change code");
  }

  private Applied appendToListVar(
      Sandbox sandbox, Recipe.AppendToListVar recipe, List<Failure> failures)
      throws IOException, InterruptedException {
    Map<String, String> compiled = dbt.compiledTests(sandbox, failures);
    List<Map<String, Object>> rows;
    if (recipe.valuesQuery() != null) {
      rows =
          sandbox.rows(
              ValuesQuery.resolve(
                  recipe.valuesQuery(), manifest(sandbox), readable(sandbox), sandbox.area()::sql),
              MAX_VALUES);
    } else {
      String test =
          failures.stream()
              .map(failure -> compiled.get(failure.uniqueId()))
              .filter(Objects::nonNull)
              .findFirst()
              .orElseThrow(() -> new IOException("the group has no failing test that compiles"));
      String column = "\"" + recipe.column().replace("\"", "\"\"") + "\"";
      rows =
          sandbox.rows(
              "select distinct "
                  + column
                  + " from ("
                  + test
                  + ") as failing where "
                  + column
                  + " is not null",
              MAX_VALUES);
    }
    List<Object> items = new ArrayList<>();
    for (Map<String, Object> row : rows) {
      items.add(row.size() == 1 ? row.values().iterator().next() : new LinkedHashMap<>(row));
    }
    List<YamlListEditor.Step> path = List.of(key("vars"), key(recipe.variable()));
    List<String> added = edit(sandbox, recipe.file(), path, items);
    return new Applied(
        List.of(recipe.file()),
        added,
        "Appended "
            + String.join(", ", added)
            + " to vars."
            + recipe.variable()
            + " in "
            + recipe.file()
            + ".");
  }

  private Applied addAcceptedValues(
      Sandbox sandbox, Recipe.AddAcceptedValues recipe, String rootCause, List<Failure> failures)
      throws IOException, InterruptedException {
    Set<String> files = new LinkedHashSet<>();
    Set<String> added = new LinkedHashSet<>();
    List<String> where = new ArrayList<>();
    List<Failure> tests = new ArrayList<>();
    Map<String, List<Object>> newValues = new LinkedHashMap<>();
    Map<String, String> compiled = dbt.compiledTests(sandbox, failures);
    for (Failure test : failures) {
      String sql = compiled.get(test.uniqueId());
      if (!"accepted_values".equals(test.testName()) || sql == null) {
        continue;
      }
      String column = recipe.column() != null ? recipe.column() : test.columnName();
      List<Object> values = new ArrayList<>();
      for (Map<String, Object> row : sandbox.rows(sql, MAX_VALUES)) {
        values.add(row.get("value_field"));
      }
      List<String> now =
          edit(sandbox, test.originalFilePath(), columnTests(test.attachedNode(), column), values);
      tests.add(test);
      newValues.put(test.uniqueId(), values);
      files.add(test.originalFilePath());
      added.addAll(now);
      where.add(name(test.attachedNode()) + "." + column);
    }
    if (files.isEmpty()) {
      throw new IOException("the group has no failing accepted_values test that compiles");
    }
    List<String> unchanged = new ArrayList<>();
    for (AcceptedValuesLists.ValuesList list : sameDomainBelow(sandbox, rootCause, tests)) {
      String at = name(list.attachedNode()) + "." + list.column();
      List<Object> values = new ArrayList<>();
      list.failing().forEach(id -> values.addAll(newValues.get(id)));
      try {
        List<String> now = appendToList(sandbox, list, values);
        if (!now.isEmpty()) {
          files.add(list.file());
          added.addAll(now);
          where.add(at);
        }
      } catch (IOException e) {
        unchanged.add(at + " (" + e.getMessage() + ")");
      }
    }
    return new Applied(
        List.copyOf(files),
        List.copyOf(added),
        "Added "
            + String.join(", ", added)
            + " to the accepted values of "
            + String.join(" and ", where)
            + "."
            + (unchanged.isEmpty()
                ? ""
                : " Not changed, for a person to check: " + String.join("; ", unchanged) + "."));
  }

  /** The lists of the failing tests' domain below the root cause, from the sandbox's manifest. */
  private static List<AcceptedValuesLists.ValuesList> sameDomainBelow(
      Sandbox sandbox, String rootCause, List<Failure> tests) throws IOException {
    Path manifest = DevDbt.manifest(sandbox);
    if (!Files.exists(manifest)) {
      return List.of();
    }
    return AcceptedValuesLists.downstream(
        read(manifest, AcceptedValuesLists::mayBeOne), rootCause, tests);
  }

  /** The manifest the sandbox's last dbt invocation wrote (its tests not read in detail). */
  private static Manifest manifest(Sandbox sandbox) throws IOException {
    return read(DevDbt.manifest(sandbox), id -> false);
  }

  /**
   * Where a node is read: in the dev area when it holds the node, otherwise where the production
   * state says production has it, as a deferred build reads it.
   */
  private static ValuesQuery.Where readable(Sandbox sandbox) throws IOException {
    Optional<Path> state = sandbox.area().state();
    if (state.isEmpty()) {
      return ManifestNode::relation;
    }
    Manifest production = read(state.get().resolve("manifest.json"), id -> false);
    return node ->
        sandbox.area().holds(node.relation())
            ? node.relation()
            : production.node(node.uniqueId()).map(ManifestNode::relation).orElse(node.relation());
  }

  private static Manifest read(Path manifest, Predicate<String> detailed) throws IOException {
    try {
      return new ManifestReader(JSON).read(manifest, detailed);
    } catch (ArtifactFormatException e) {
      throw new IOException("cannot read the sandbox's manifest: " + e.getMessage(), e);
    }
  }

  /**
   * Appends {@code values} to a list of the same domain, when its YAML holds the very list the
   * manifest names (the first accepted_values test of the column); the values written.
   */
  private static List<String> appendToList(
      Sandbox sandbox, AcceptedValuesLists.ValuesList list, List<Object> values)
      throws IOException {
    List<YamlListEditor.Step> path = columnTests(list.attachedNode(), list.column());
    Path file = sandbox.project().resolve(list.file()).normalize();
    if (!file.startsWith(sandbox.project()) || !Files.isRegularFile(file)) {
      throw new IOException(list.file() + " is not a file of the project");
    }
    Set<String> inYaml;
    try {
      inYaml =
          new LinkedHashSet<>(
              YamlListEditor.values(Files.readString(file, StandardCharsets.UTF_8), path));
    } catch (IllegalArgumentException e) {
      throw new IOException("its list is not where " + list.file() + " should have it", e);
    }
    if (!inYaml.equals(list.values())) {
      throw new IOException("the first list of the column in " + list.file() + " is another one");
    }
    return append(sandbox, list.file(), path, values);
  }

  /** Appends the items the list does not have yet; the values written, or a failure if none. */
  private static List<String> edit(
      Sandbox sandbox, String file, List<YamlListEditor.Step> path, List<Object> items)
      throws IOException {
    List<String> written = append(sandbox, file, path, items);
    if (written.isEmpty()) {
      throw new IOException(
          "nothing to add to " + file + ": the dev area shows no value the list lacks");
    }
    return written;
  }

  /** Appends the items the list does not have yet; the values written, maybe none. */
  private static List<String> append(
      Sandbox sandbox, String file, List<YamlListEditor.Step> path, List<Object> items)
      throws IOException {
    Path target = sandbox.project().resolve(file).normalize();
    if (!target.startsWith(sandbox.project())) {
      throw new IOException("the recipe's file is outside the project: " + file);
    }
    String yaml = Files.readString(target, StandardCharsets.UTF_8);
    Set<String> present;
    try {
      present = new LinkedHashSet<>(YamlListEditor.values(yaml, path));
    } catch (IllegalArgumentException e) {
      throw new IOException(file + ": " + e.getMessage(), e);
    }
    List<Object> missing = new ArrayList<>();
    for (Object item : items) {
      if (item != null && present.add(YamlListEditor.text(item))) {
        missing.add(item);
      }
    }
    if (!missing.isEmpty()) {
      Files.writeString(target, YamlListEditor.append(yaml, path, missing), StandardCharsets.UTF_8);
    }
    return missing.stream().map(YamlListEditor::text).collect(Collectors.toList());
  }

  /** The values list of a column's accepted_values test, in a model's or a source's YAML. */
  private static List<YamlListEditor.Step> columnTests(String attachedNode, String column) {
    String[] id = attachedNode.split("\\.");
    List<YamlListEditor.Step> path = new ArrayList<>();
    if ("source".equals(id[0]) && id.length >= 4) {
      path.add(key("sources"));
      path.add(itemWith("name", id[2]));
      path.add(key("tables"));
      path.add(itemWith("name", id[3]));
    } else {
      path.add(key("models"));
      path.add(itemWith("name", name(attachedNode)));
    }
    path.add(key("columns"));
    path.add(itemWith("name", column));
    path.add(anyKey("data_tests", "tests"));
    path.add(itemKey("accepted_values"));
    path.add(testArgument("values"));
    return path;
  }

  private static String name(String uniqueId) {
    return uniqueId.substring(uniqueId.lastIndexOf('.') + 1);
  }
}
