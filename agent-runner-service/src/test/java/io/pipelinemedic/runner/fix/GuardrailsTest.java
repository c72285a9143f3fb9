package io.pipelinemedic.runner.fix;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipelinemedic.schemas.model.GuardrailCheck;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Each guardrail against the example project's own properties file, changed the way agents might.
 */
class GuardrailsTest {

  private static final Path SHOP =
      Path.of(System.getProperty("medic.root", "..")).resolve("examples/shop");
  private static final String MODELS = "models/staging/shop/_shop__models.yml";
  private static final Guardrails GUARDRAILS =
      new Guardrails(
          List.of("models/**", "macros/**", "seeds/**", "tests/**", "dbt_project.yml"), 40);
  private static final String STATUS_VALUES =
      "values: [placed, paid, shipped, delivered, returned, cancelled]";

  private final String models;

  GuardrailsTest() throws IOException {
    models = Files.readString(SHOP.resolve(MODELS));
  }

  @Test
  void theRecipesOwnChangePassesEveryCheck() {
    List<GuardrailCheck> checks =
        check(
            edit(
                STATUS_VALUES,
                "values: [placed, paid, shipped, delivered, returned, cancelled, on_hold]"));

    assertThat(checks)
        .extracting(GuardrailCheck::name)
        .containsExactly(
            "allowed_paths",
            "no_profile_change",
            "no_test_weakened",
            "no_hooks",
            "no_test_machinery_change",
            "project_settings_unchanged",
            "no_remote_package_change",
            "no_python_code",
            "size_limit");
    assertThat(Guardrails.allPassed(checks)).as(String.valueOf(checks)).isTrue();
  }

  @Test
  void acceptedValuesMayGainOnlyTheFailingValues() {
    assertThat(
            failure(
                check(
                    edit(
                        STATUS_VALUES,
                        "values: [placed, paid, shipped, delivered, returned, cancelled, on_hold,"
                            + " anything]")),
                "no_test_weakened"))
        .contains("widens stg_orders.status.accepted_values")
        .contains("[anything]");
    assertThat(failure(check(edit(STATUS_VALUES, "values: [placed, paid]")), "no_test_weakened"))
        .contains("drops accepted values of stg_orders.status.accepted_values");
  }

  @Test
  void removingOrSilencingATestIsRejected() {
    String removed = models.replaceFirst("tests: \\[unique, not_null]", "tests: [unique]");
    String warned = withStatusConfig("severity: warn");
    String filtered = withStatusConfig("where: \"status != 'on_hold'\"");

    assertThat(warned).isNotEqualTo(models);
    assertThat(failure(check(removed), "no_test_weakened"))
        .contains("removes the test ")
        .contains(".not_null");
    assertThat(failure(check(warned), "no_test_weakened"))
        .isEqualTo("changes severity of stg_orders.status.accepted_values in " + MODELS);
    assertThat(failure(check(filtered), "no_test_weakened"))
        .isEqualTo("changes where of stg_orders.status.accepted_values in " + MODELS);
  }

  @Test
  void anyOtherArgumentOfATestChangedIsRejected() {
    String calc = withStatusConfig("fail_calc: \"count(*) - 1000\"");
    String quoted = withStatusConfig("quote: false");

    assertThat(failure(check(calc), "no_test_weakened"))
        .isEqualTo("changes fail_calc of stg_orders.status.accepted_values in " + MODELS);
    assertThat(failure(check(quoted), "no_test_weakened"))
        .isEqualTo("changes quote of stg_orders.status.accepted_values in " + MODELS);
    assertThat(failure(check(models + "\n  broken: [yaml\n"), "no_test_weakened"))
        .contains(MODELS + " is not valid YAML");
  }

  @Test
  void hooksTestMachineryAndProjectSettingsAreOffLimits() throws IOException {
    String project = Files.readString(SHOP.resolve("dbt_project.yml"));
    List<GuardrailCheck> checks =
        GUARDRAILS.check(
            List.of(
                new Guardrails.Change(
                    "models/marts/dim_customers.sql",
                    "select 1 as customer_id",
                    "{{ config(post_hook=\"copy (select 1) to 'x.csv'\") }}\nselect 1 as customer_id",
                    1,
                    0),
                new Guardrails.Change(
                    "macros/quiet.sql",
                    null,
                    "{% macro default__test_accepted_values(model, column_name, values) %}"
                        + " select 1 where false {% endmacro %}",
                    1,
                    0),
                new Guardrails.Change(
                    "tests/assert_product_line_revenue_reconciles.sql",
                    "select * from revenue where diff > 0",
                    "select * from revenue where diff > 1000000",
                    1,
                    1),
                new Guardrails.Change(
                    "dbt_project.yml",
                    project,
                    project
                        + "\non-run-end: [\"{{ log('bye') }}\"]\ndata_tests:\n  +severity: warn\n",
                    3,
                    0)),
            Set.of());

    assertThat(failure(checks, "no_hooks"))
        .contains("models/marts/dim_customers.sql")
        .contains("dbt_project.yml");
    assertThat(failure(checks, "no_test_machinery_change"))
        .contains("edits the singular test tests/assert_product_line_revenue_reconciles.sql")
        .contains("defines or changes how dbt tests in macros/quiet.sql");
    assertThat(failure(checks, "project_settings_unchanged"))
        .contains("dbt_project.yml changes on-run-end")
        .contains("dbt_project.yml changes data_tests");
  }

  @Test
  void aLocalPackagesPathMayBeRepairedButNoPackageFetchedFromElsewhereAdded() {
    String before =
        "packages:\n  - local: packages/billing-utils\n  - package: dbt-labs/dbt_utils\n"
            + "    version: 1.3.0\n";
    Guardrails packages = new Guardrails(List.of("packages.yml"), 40);
    String repaired = before.replace("billing-utils", "billing_utils");
    String fetched =
        repaired.replace("version: 1.3.0", "version: 1.3.1")
            + "  - git: https://github.com/someone/macros.git\n    revision: main\n";

    assertThat(
            Guardrails.allPassed(
                packages.check(
                    List.of(new Guardrails.Change("packages.yml", before, repaired, 1, 1)),
                    Set.of())))
        .isTrue();
    assertThat(
            failure(
                packages.check(
                    List.of(new Guardrails.Change("packages.yml", before, fetched, 3, 1)),
                    Set.of()),
                "no_remote_package_change"))
        .contains(
            "packages.yml adds or changes the package {package=dbt-labs/dbt_utils, version=1.3.1}")
        .contains("{git=https://github.com/someone/macros.git, revision=main}");
  }

  @Test
  void aListVariableMayGrowButNotChange() throws IOException {
    String project = Files.readString(SHOP.resolve("dbt_project.yml"));
    String grown =
        project.replace(
            "sku_product_lines:\n",
            "sku_product_lines:\n    - {prefix: GRD, product_line: garden}\n");
    String replaced = project.replaceFirst("(?m)^(\\s+- \\{prefix: )\\w+", "$1XXX");

    assertThat(grown).isNotEqualTo(project);
    assertThat(replaced).isNotEqualTo(project);
    assertThat(
            GUARDRAILS.check(
                List.of(new Guardrails.Change("dbt_project.yml", project, grown, 1, 0)), Set.of()))
        .allMatch(GuardrailCheck::passed);
    assertThat(
            failure(
                GUARDRAILS.check(
                    List.of(new Guardrails.Change("dbt_project.yml", project, replaced, 1, 1)),
                    Set.of()),
                "project_settings_unchanged"))
        .contains("changes vars.sku_product_lines other than by adding to it");
  }

  @Test
  void deletingASingularTestIsRejected() {
    List<GuardrailCheck> checks =
        GUARDRAILS.check(
            List.of(
                new Guardrails.Change(
                    "tests/assert_product_line_revenue_reconciles.sql", "select 1", null, 0, 1)),
            Set.of());

    assertThat(failure(checks, "no_test_weakened"))
        .isEqualTo("deletes the singular test tests/assert_product_line_revenue_reconciles.sql");
  }

  @Test
  void profilesAndPathsOutsideTheProjectsCodeAreOffLimits() {
    List<GuardrailCheck> checks =
        GUARDRAILS.check(
            List.of(
                new Guardrails.Change("profiles.yml", "shop: {}", "shop: {target: prod}", 1, 1),
                new Guardrails.Change(".github/workflows/deploy.yml", null, "on: push", 1, 0),
                new Guardrails.Change(
                    "dbt_project.yml",
                    "name: shop\nprofile: shop\n",
                    "name: shop\nprofile: prod\n",
                    1,
                    1)),
            Set.of());

    assertThat(failure(checks, "allowed_paths"))
        .contains("profiles.yml", ".github/workflows/deploy.yml");
    assertThat(failure(checks, "no_profile_change"))
        .isEqualTo("profiles.yml is a dbt profile; dbt_project.yml changes its profile");
  }

  @Test
  void aPythonModelAddedOrChangedIsRejectedWhileADeletedOneIsNot() {
    String forges =
        "import os\n\ndef model(dbt, session):\n"
            + "    open('../target/run_results.json', 'w').write('{}')\n    os._exit(0)\n";
    List<GuardrailCheck> checks =
        GUARDRAILS.check(
            List.of(
                new Guardrails.Change("models/marts/verdict.py", null, forges, 5, 0),
                new Guardrails.Change(
                    "models/staging/old.py", "def model(dbt, s): pass", null, 0, 1)),
            Set.of());

    assertThat(failure(checks, "no_python_code"))
        .contains("models/marts/verdict.py")
        .doesNotContain("old.py");
  }

  @Test
  void aDiffOverTheSizeLimitIsRejected() {
    List<GuardrailCheck> checks =
        GUARDRAILS.check(
            List.of(new Guardrails.Change("models/big.sql", null, "x", 41, 0)), Set.of());

    assertThat(failure(checks, "size_limit"))
        .isEqualTo("41 changed lines, more than the 40 allowed");
  }

  private String edit(String from, String to) {
    String changed = models.replaceFirst(Pattern.quote(from), to);
    assertThat(changed).isNotEqualTo(models);
    return changed;
  }

  /** The properties file with {@code setting} added to the config of stg_orders.status's test. */
  private String withStatusConfig(String setting) {
    String test =
        "          - accepted_values:\n              arguments:\n                " + STATUS_VALUES;
    return edit(test, test + "\n              config:\n                " + setting);
  }

  private List<GuardrailCheck> check(String after) {
    return GUARDRAILS.check(
        List.of(new Guardrails.Change(MODELS, models, after, 1, 1)), Set.of("on_hold"));
  }

  private static String failure(List<GuardrailCheck> checks, String name) {
    GuardrailCheck check =
        checks.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    assertThat(check.passed()).as(name + " must fail").isFalse();
    return check.reason();
  }
}
