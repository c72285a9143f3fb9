package io.pipelinemedic.runner.fix;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipelinemedic.schemas.model.Action;
import io.pipelinemedic.schemas.model.DecisionRule;
import io.pipelinemedic.schemas.model.FailureClass;
import io.pipelinemedic.schemas.model.Recipe;
import io.pipelinemedic.schemas.model.RootCauseGroup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A list variable's every reader is verified, wherever it is in the DAG; files outside the
 * project's model folders, links and odd names are not read as models.
 */
class VerifiedSelectionTest {

  @TempDir Path project;

  @Test
  void everyModelThatReadsTheVariableIsBuiltWithWhatIsBelowIt() throws Exception {
    Path outside = Files.createTempDirectory("outside");
    Files.writeString(outside.resolve("leak.sql"), "{{ var('plan_tiers') }}");
    Files.writeString(
        project.resolve("dbt_project.yml"),
        "name: subs\nmodel-paths: [\"models\", \"more\", \"../" + outside.getFileName() + "\"]\n");
    write("models/staging/stg_plans.sql", "select * from {{ var('plan_tiers') }}");
    write("models/marts/mart_mrr_by_tier.sql", "{% for t in var(\"plan_tiers\") %}{% endfor %}");
    write("more/int_tiers.sql", "{{ var( 'plan_tiers' ) }}");
    write("models/marts/fct_other.sql", "select 1 -- plan_tiers");
    write("models/marts/odd name.sql", "{{ var('plan_tiers') }}");
    Files.createSymbolicLink(project.resolve("models/linked.sql"), outside.resolve("leak.sql"));

    assertThat(
            VerifiedSelection.of(
                project,
                group(
                    new Recipe.AppendToListVar("dbt_project.yml", "plan_tiers", null, "select 1"))))
        .containsExactly("stg_plans+", "mart_mrr_by_tier+", "int_tiers+");
  }

  @Test
  void otherRecipesBuildTheRootAndWhatIsBelowIt() throws Exception {
    Files.writeString(project.resolve("dbt_project.yml"), "name: subs\n");
    write("models/staging/stg_plans.sql", "select * from {{ var('plan_tiers') }}");

    assertThat(VerifiedSelection.of(project, group(new Recipe.AddAcceptedValues(null))))
        .containsExactly("stg_plans+");
  }

  private void write(String path, String sql) throws Exception {
    Files.createDirectories(project.resolve(path).getParent());
    Files.writeString(project.resolve(path), sql);
  }

  private static RootCauseGroup group(Recipe recipe) {
    return new RootCauseGroup(
        "stg-plans",
        "model.subs.stg_plans",
        FailureClass.CODE,
        Action.RECIPE,
        DecisionRule.KB_ENTRY,
        0.9,
        "A new plan has no tier.",
        "test.not_null",
        List.of("test.subs.not_null_stg_plans_tier.af480b8f0c"),
        List.of(),
        "subscriptions/kb/new-plan-without-tier",
        recipe,
        null,
        List.of(),
        null);
  }
}
