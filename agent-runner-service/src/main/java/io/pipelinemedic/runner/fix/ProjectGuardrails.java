package io.pipelinemedic.runner.fix;

import io.pipelinemedic.schemas.model.GuardrailCheck;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * The guardrails on what makes dbt run code or judge tests, beyond the tests themselves: no hook
 * added ({@code pre_hook}, {@code post_hook}, {@code on-run-start}, {@code on-run-end}: they run in
 * the verification with the sandbox's rights); no redefinition of the test machinery (a generic
 * test, {@code get_test_sql}, a {@code default__} or {@code test_} macro) and no edit of a singular
 * test; the project's settings in {@code dbt_project.yml} unchanged except {@code vars}, whose
 * existing values may only grow (a list gains items, a new variable appears); no package fetched
 * from elsewhere (hub, git, tarball, private) added or changed in {@code packages.yml}, {@code
 * dependencies.yml} or {@code package-lock.yml}: its code would run in the verification, while a
 * {@code local:} package's path may be repaired; no Python file added or changed (a Python model
 * runs in dbt's own process, where it could write the verification's results and end dbt well
 * itself).
 */
final class ProjectGuardrails {

  private static final Pattern HOOK =
      Pattern.compile("(?i)\\b(pre[_-]hook|post[_-]hook|on-run-start|on-run-end)\\b");
  private static final Pattern TEST_MACHINERY =
      Pattern.compile(
          "\\{%-?\\s*(test\\s+\\w+|macro\\s+(test_\\w+|get_test_sql|default__\\w+|\\w+__test_\\w+)"
              + "|materialization\\s+\\w+)");
  private static final Set<String> VARIABLE_KEYS = Set.of("vars", "name", "version");
  private static final Set<String> PACKAGE_FILES =
      Set.of("packages.yml", "dependencies.yml", "package-lock.yml");

  private ProjectGuardrails() {}

  /** The five checks, in a fixed order. */
  static List<GuardrailCheck> check(Collection<Guardrails.Change> changes) {
    return List.of(
        noHooks(changes),
        noTestMachinery(changes),
        projectSettings(changes),
        noRemotePackageChange(changes),
        noPythonCode(changes));
  }

  private static GuardrailCheck noPythonCode(Collection<Guardrails.Change> changes) {
    List<String> python =
        changes.stream()
            .filter(change -> change.after() != null && change.path().endsWith(".py"))
            .map(Guardrails.Change::path)
            .toList();
    return Guardrails.check(
        "no_python_code",
        python.isEmpty(),
        "adds or changes Python, which dbt runs in its own process, where it could write the"
            + " verification's results itself: "
            + python);
  }

  private static GuardrailCheck noHooks(Collection<Guardrails.Change> changes) {
    List<String> added = new ArrayList<>();
    for (Guardrails.Change change : changes) {
      if (count(HOOK, change.after()) > count(HOOK, change.before())) {
        added.add(change.path());
      }
    }
    return Guardrails.check(
        "no_hooks",
        added.isEmpty(),
        "adds a dbt hook, which would run in the verification: " + added);
  }

  private static GuardrailCheck noTestMachinery(Collection<Guardrails.Change> changes) {
    List<String> problems = new ArrayList<>();
    for (Guardrails.Change change : changes) {
      String path = change.path();
      if (path.startsWith("tests/")
          && path.endsWith(".sql")
          && change.before() != null
          && change.after() != null) {
        problems.add("edits the singular test " + path);
      }
      if (change.after() != null
          && TEST_MACHINERY.matcher(change.after()).find()
          && !change.after().equals(change.before())) {
        problems.add("defines or changes how dbt tests in " + path);
      }
    }
    return Guardrails.check(
        "no_test_machinery_change", problems.isEmpty(), String.join("; ", problems));
  }

  private static GuardrailCheck projectSettings(Collection<Guardrails.Change> changes) {
    List<String> problems = new ArrayList<>();
    for (Guardrails.Change change : changes) {
      if (!change.path().equals("dbt_project.yml")) {
        continue;
      }
      Map<?, ?> before;
      Map<?, ?> after;
      try {
        before = mapping(change.before());
        after = mapping(change.after());
      } catch (YAMLException e) {
        problems.add("dbt_project.yml is not valid YAML");
        continue;
      }
      Set<Object> keys = new java.util.LinkedHashSet<>(before.keySet());
      keys.addAll(after.keySet());
      for (Object key : keys) {
        if (!VARIABLE_KEYS.contains(String.valueOf(key))
            && !Objects.equals(before.get(key), after.get(key))) {
          problems.add("dbt_project.yml changes " + key);
        }
      }
      if (before.get("vars") instanceof Map<?, ?> vars) {
        Object now = after.get("vars");
        vars.forEach(
            (name, value) -> {
              Object then = now instanceof Map<?, ?> map ? map.get(name) : null;
              if (!grows(value, then)) {
                problems.add(
                    "dbt_project.yml changes vars." + name + " other than by adding to it");
              }
            });
      }
    }
    return Guardrails.check(
        "project_settings_unchanged", problems.isEmpty(), String.join("; ", problems));
  }

  private static GuardrailCheck noRemotePackageChange(Collection<Guardrails.Change> changes) {
    List<String> problems = new ArrayList<>();
    for (Guardrails.Change change : changes) {
      if (!PACKAGE_FILES.contains(change.path())) {
        continue;
      }
      try {
        List<?> before = remotePackages(change.before());
        for (Object added : remotePackages(change.after())) {
          if (!before.contains(added)) {
            problems.add(change.path() + " adds or changes the package " + added);
          }
        }
      } catch (YAMLException e) {
        problems.add(change.path() + " is not valid YAML");
      }
    }
    return Guardrails.check(
        "no_remote_package_change",
        problems.isEmpty(),
        String.join("; ", problems)
            + " (code fetched from elsewhere would run in the verification)");
  }

  /** The entries of a packages file that are not {@code local:} packages. */
  private static List<?> remotePackages(String yaml) {
    return mapping(yaml).get("packages") instanceof List<?> entries
        ? entries.stream()
            .filter(entry -> !(entry instanceof Map<?, ?> map && map.containsKey("local")))
            .toList()
        : List.of();
  }

  /** Whether {@code after} is {@code before}, or the list {@code before} with items added. */
  private static boolean grows(Object before, Object after) {
    if (before instanceof List<?> list && after instanceof List<?> longer) {
      return longer.containsAll(list);
    }
    return Objects.equals(before, after);
  }

  private static Map<?, ?> mapping(String yaml) {
    Object loaded = yaml == null ? null : new Yaml(new LoaderOptions()).load(yaml);
    return loaded instanceof Map<?, ?> map ? map : Map.of();
  }

  private static int count(Pattern pattern, String text) {
    if (text == null) {
      return 0;
    }
    int count = 0;
    for (Matcher matcher = pattern.matcher(text); matcher.find(); ) {
      count++;
    }
    return count;
  }
}
