package io.pipelinemedic.runner.fix;

import io.pipelinemedic.schemas.model.GuardrailCheck;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * The checks every diff must pass before it can become a pull request, enforced on the files
 * themselves, never on what an agent says it did: only allowed paths; no profile or target change;
 * no test removed or loosened (any of its arguments or config other than its accepted values
 * changed, accepted values widened beyond the failing values, a file whose YAML does not parse);
 * hooks, the test machinery and the project's settings ({@link ProjectGuardrails}); a size limit.
 *
 * @param allowedPaths globs of the paths a fix may touch, relative to the project
 * @param maxChangedLines the most lines a fix may add and delete together
 */
public record Guardrails(List<String> allowedPaths, int maxChangedLines) {

  /**
   * One changed file.
   *
   * @param path relative to the project
   * @param before its content at the run's commit, {@code null} when added
   * @param after its content now, {@code null} when deleted
   * @param additions lines added
   * @param deletions lines deleted
   */
  public record Change(String path, String before, String after, int additions, int deletions) {}

  /**
   * Every check on {@code changes}, in a fixed order.
   *
   * @param failingValues the values the failing tests reported: the only ones a list may gain
   */
  public List<GuardrailCheck> check(Collection<Change> changes, Set<String> failingValues) {
    List<GuardrailCheck> checks = new ArrayList<>();
    checks.add(allowedPaths(changes));
    checks.add(noProfileChange(changes));
    checks.add(noTestWeakened(changes, failingValues));
    checks.addAll(ProjectGuardrails.check(changes));
    checks.add(size(changes));
    return List.copyOf(checks);
  }

  /** Whether every check passed. */
  public static boolean allPassed(List<GuardrailCheck> checks) {
    return checks.stream().allMatch(GuardrailCheck::passed);
  }

  private GuardrailCheck allowedPaths(Collection<Change> changes) {
    List<PathMatcher> allowed =
        allowedPaths.stream()
            .map(g -> FileSystems.getDefault().getPathMatcher("glob:" + g))
            .toList();
    List<String> outside =
        changes.stream()
            .map(Change::path)
            .filter(path -> allowed.stream().noneMatch(m -> m.matches(Path.of(path))))
            .toList();
    return check(
        "allowed_paths", outside.isEmpty(), "changes files outside the allowed paths: " + outside);
  }

  private static GuardrailCheck noProfileChange(Collection<Change> changes) {
    List<String> problems = new ArrayList<>();
    for (Change change : changes) {
      String file = Path.of(change.path()).getFileName().toString();
      if (file.equals("profiles.yml") || file.equals("profiles.yaml")) {
        problems.add(change.path() + " is a dbt profile");
      }
      try {
        if (change.path().equals("dbt_project.yml")
            && !Objects.equals(key(change.before(), "profile"), key(change.after(), "profile"))) {
          problems.add("dbt_project.yml changes its profile");
        }
      } catch (YAMLException e) {
        problems.add("dbt_project.yml is not valid YAML");
      }
    }
    return check("no_profile_change", problems.isEmpty(), String.join("; ", problems));
  }

  private static GuardrailCheck noTestWeakened(
      Collection<Change> changes, Set<String> failingValues) {
    List<String> problems = new ArrayList<>();
    for (Change change : changes) {
      String path = change.path();
      if (path.endsWith(".sql") && path.startsWith("tests/") && change.after() == null) {
        problems.add("deletes the singular test " + path);
      }
      if (!path.endsWith(".yml") && !path.endsWith(".yaml")) {
        continue;
      }
      Map<String, Map<String, Object>> before;
      Map<String, Map<String, Object>> after;
      try {
        before = tests(change.before());
        after = tests(change.after());
      } catch (YAMLException e) {
        problems.add(path + " is not valid YAML, so its tests cannot be compared");
        continue;
      }
      for (Map.Entry<String, Map<String, Object>> test : before.entrySet()) {
        Map<String, Object> now = after.get(test.getKey());
        if (now == null) {
          problems.add("removes the test " + test.getKey() + " in " + path);
          continue;
        }
        Set<String> settings = new TreeSet<>(test.getValue().keySet());
        settings.addAll(now.keySet());
        settings.remove("values");
        for (String setting : settings) {
          if (!Objects.equals(test.getValue().get(setting), now.get(setting))) {
            problems.add("changes " + setting + " of " + test.getKey() + " in " + path);
          }
        }
        Set<String> added = values(now);
        added.removeAll(values(test.getValue()));
        added.removeAll(failingValues);
        if (!values(test.getValue()).isEmpty()
            && !values(now).containsAll(values(test.getValue()))) {
          problems.add("drops accepted values of " + test.getKey() + " in " + path);
        }
        if (!added.isEmpty()) {
          problems.add(
              "widens "
                  + test.getKey()
                  + " beyond the failing values with "
                  + added
                  + " in "
                  + path);
        }
      }
    }
    return check("no_test_weakened", problems.isEmpty(), String.join("; ", problems));
  }

  private GuardrailCheck size(Collection<Change> changes) {
    int lines = changes.stream().mapToInt(c -> c.additions() + c.deletions()).sum();
    return check(
        "size_limit",
        lines <= maxChangedLines,
        lines + " changed lines, more than the " + maxChangedLines + " allowed");
  }

  /**
   * The generic tests a properties file declares, by {@code <model or source>.<column>.<test>},
   * each with its arguments and config flattened into one map.
   */
  static Map<String, Map<String, Object>> tests(String yaml) {
    Map<String, Map<String, Object>> tests = new LinkedHashMap<>();
    if (yaml == null) {
      return tests;
    }
    Object document = new Yaml(new LoaderOptions()).load(yaml);
    for (String section : List.of("models", "seeds", "snapshots")) {
      for (Map<String, Object> node : maps(get(document, section))) {
        collect(String.valueOf(node.get("name")), node, tests);
      }
    }
    for (Map<String, Object> source : maps(get(document, "sources"))) {
      for (Map<String, Object> table : maps(source.get("tables"))) {
        collect(source.get("name") + "." + table.get("name"), table, tests);
      }
    }
    return tests;
  }

  private static void collect(
      String owner, Map<String, Object> node, Map<String, Map<String, Object>> tests) {
    declared(owner, node, tests);
    for (Map<String, Object> column : maps(node.get("columns"))) {
      declared(owner + "." + column.get("name"), column, tests);
    }
  }

  private static void declared(
      String where, Map<String, Object> node, Map<String, Map<String, Object>> tests) {
    List<Object> declared = new ArrayList<>();
    for (String key : List.of("tests", "data_tests")) {
      if (node.get(key) instanceof List<?> list) {
        declared.addAll(list);
      }
    }
    for (Object test : declared) {
      String name;
      Map<String, Object> settings = new LinkedHashMap<>();
      if (test instanceof Map<?, ?> map && map.size() == 1) {
        Map.Entry<?, ?> only = map.entrySet().iterator().next();
        name = String.valueOf(only.getKey());
        flatten(only.getValue(), settings);
      } else {
        name = String.valueOf(test);
      }
      String key = where + "." + name;
      for (int n = 2; tests.containsKey(key); n++) {
        key = where + "." + name + "#" + n;
      }
      tests.put(key, settings);
    }
  }

  private static void flatten(Object value, Map<String, Object> settings) {
    if (!(value instanceof Map<?, ?> map)) {
      return;
    }
    map.forEach(
        (k, v) -> {
          String key = String.valueOf(k).toLowerCase(Locale.ROOT);
          if ((key.equals("config") || key.equals("arguments")) && v instanceof Map) {
            flatten(v, settings);
          } else {
            settings.put(key, v);
          }
        });
  }

  private static Set<String> values(Map<String, Object> settings) {
    Set<String> values = new TreeSet<>();
    if (settings.get("values") instanceof List<?> list) {
      list.forEach(value -> values.add(String.valueOf(value)));
    }
    return values;
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> maps(Object value) {
    List<Map<String, Object>> maps = new ArrayList<>();
    if (value instanceof List<?> list) {
      for (Object item : list) {
        if (item instanceof Map<?, ?> map) {
          maps.add((Map<String, Object>) map);
        }
      }
    }
    return maps;
  }

  private static Object get(Object document, String key) {
    return document instanceof Map<?, ?> map ? map.get(key) : null;
  }

  private static Object key(String yaml, String key) {
    return yaml == null ? null : get(new Yaml(new LoaderOptions()).load(yaml), key);
  }

  static GuardrailCheck check(String name, boolean passed, String reason) {
    return new GuardrailCheck(name, passed, passed ? null : reason);
  }
}
