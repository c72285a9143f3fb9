package io.pipelinemedic.kb.entry;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipelinemedic.schemas.model.FailureClass;
import io.pipelinemedic.schemas.model.KbEntry;
import io.pipelinemedic.schemas.model.KbMatchRule;
import io.pipelinemedic.schemas.model.KbSource;
import io.pipelinemedic.schemas.model.Owner;
import io.pipelinemedic.schemas.model.Recipe;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Markdown entries: every field read, every recipe kind, and every rule that rejects an entry. */
class EntryParserTest {

  private static final Instant EDITED = Instant.parse("2026-11-02T10:15:30Z");

  @Test
  void aCompleteEntryIsReadWithItsRecipe() {
    ParsedEntry parsed =
        parse(
            """
            ---
            title: New order status
            class: code
            match:
              tests: [accepted_values, "accepted_values_*"]
              node: model.shop.*orders
              message: "Got \\\\d+ results?"
            owner: {name: Shop analytics, email: shop@shop.example, group: commerce}
            recipe:
              kind: add_accepted_values
              column: status
            ---
            1. Confirm the status.
            2. Add it.
            """);

    assertThat(parsed)
        .isEqualTo(
            new ParsedEntry.Valid(
                new KbEntry(
                    "new-order-status",
                    "New order status",
                    KbSource.GIT,
                    "kb/new-order-status.md@abc",
                    0,
                    EDITED,
                    new KbMatchRule(
                        List.of("accepted_values", "accepted_values_*"),
                        "model.shop.*orders",
                        "Got \\d+ results?"),
                    FailureClass.CODE,
                    new Owner("Shop analytics", "shop@shop.example", "commerce"),
                    "1. Confirm the status.\n2. Add it.",
                    new Recipe.AddAcceptedValues("status"))));
  }

  @Test
  void everyRecipeKindIsRead() {
    assertThat(
            recipe(
                "CODE",
                "{kind: append_to_list_var, file: dbt_project.yml, variable: a.b,"
                    + " column: sku_prefix}"))
        .isEqualTo(new Recipe.AppendToListVar("dbt_project.yml", "a.b", "sku_prefix", null));
    assertThat(
            recipe(
                "CODE",
                "{kind: append_to_list_var, file: dbt_project.yml, variable: v,"
                    + " values_query: \"with x as (select 1 as a) select a from x;\"}"))
        .isEqualTo(
            new Recipe.AppendToListVar(
                "dbt_project.yml", "v", null, "with x as (select 1 as a) select a from x;"));
    assertThat(recipe("CODE", "{kind: add_accepted_values}"))
        .isEqualTo(new Recipe.AddAcceptedValues(null));
    assertThat(recipe("CODE", "{kind: append_seed_rows, seed: seeds/skus.csv, column: sku}"))
        .isEqualTo(new Recipe.AppendSeedRows("seeds/skus.csv", "sku"));
    assertThat(
            recipe(
                "SOURCE",
                "{kind: report_to_owner, template: \"Hi {{ owner }}: {{failing_count}}\"}"))
        .isEqualTo(new Recipe.ReportToOwner("Hi {{ owner }}: {{failing_count}}"));
  }

  @Test
  void anOwnerMayBeJustAName() {
    ParsedEntry parsed =
        parse("---\ntitle: t\nclass: SOURCE\nmatch: {tests: [unique]}\nowner: Payments\n---\n");

    assertThat(((ParsedEntry.Valid) parsed).entry().owner())
        .isEqualTo(new Owner("Payments", null, null));
  }

  @Test
  void invalidRecipesAreRejectedWithTheirReasons() {
    assertThat(problems("CODE", "{kind: drop_table}"))
        .containsExactly(
            "recipe.kind 'drop_table' is not a recipe kind (known: add_accepted_values,"
                + " append_seed_rows, append_to_list_var, report_to_owner)");
    assertThat(problems("CODE", "{kind: append_to_list_var, file: ../secrets.yml, variable: v}"))
        .containsExactly(
            "recipe.file must be a path inside the repository, not '../secrets.yml'",
            "recipe needs exactly one of column or values_query");
    assertThat(
            problems(
                "CODE",
                "{kind: append_to_list_var, file: dbt_project.json, variable: 1v,"
                    + " column: c, values_query: select 1}"))
        .containsExactly(
            "recipe.file must end with .yml or .yaml",
            "recipe.variable must be a dotted path of names, e.g. sku_product_lines",
            "recipe needs exactly one of column or values_query");
    assertThat(
            problems(
                "CODE",
                "{kind: append_to_list_var, file: a.yml, variable: v,"
                    + " values_query: \"select 1; delete from orders\"}"))
        .containsExactly("recipe.values_query must be a single statement");
    assertThat(
            problems(
                "CODE",
                "{kind: append_to_list_var, file: a.yml, variable: v,"
                    + " values_query: \"select * from orders where 1 = (delete from t returning 1)\"}"))
        .containsExactly("recipe.values_query must only read; it contains 'delete'");
    assertThat(
            problems(
                "CODE",
                "{kind: append_to_list_var, file: a.yml, variable: v,"
                    + " values_query: \"insert into t select 1\"}"))
        .containsExactly(
            "recipe.values_query must be a single select (or with … select) statement");
    assertThat(problems("CODE", "{kind: append_seed_rows, seed: /etc/passwd, column: \"a b\"}"))
        .containsExactly(
            "recipe.seed must be a path inside the repository, not '/etc/passwd'",
            "recipe.column must be a column name, not 'a b'");
    assertThat(problems("SOURCE", "{kind: report_to_owner, template: \"Hi {{name}}\"}"))
        .containsExactly(
            "recipe.template uses {{name}}, which is not a placeholder (known: failing_count,"
                + " failing_values, message, node, owner, run_url, test)");
    assertThat(problems("CODE", "{kind: add_accepted_values, colum: status}"))
        .containsExactly("recipe.colum is not a known field (known: column, kind)");
  }

  @Test
  void aRecipeMustFitTheClass() {
    assertThat(problems("SOURCE", "{kind: add_accepted_values}"))
        .containsExactly(
            "recipe of a SOURCE entry can only be report_to_owner: bad data is never patched");
    assertThat(problems("CODE", "{kind: report_to_owner, template: hi}"))
        .containsExactly("recipe report_to_owner belongs to a SOURCE entry, not a CODE one");
    assertThat(problems("TRANSIENT", "{kind: add_accepted_values}"))
        .containsExactly("recipe is not allowed on a TRANSIENT entry: nothing is to be done");
  }

  @Test
  void entriesWithoutTheEssentialsAreRejected() {
    assertThat(invalid("# Just notes\n").problems())
        .containsExactly("has no front matter: the file must start with a --- line");
    assertThat(invalid("---\ntitle: [unclosed\n---\n").problems().get(0))
        .startsWith("front matter is not valid YAML: ");
    assertThat(invalid("---\nclass: BUG\nmatch: {}\nowner: {email: nobody}\n---\n").problems())
        .containsExactly(
            "title is required",
            "class must be CODE, SOURCE or TRANSIENT, not 'BUG'",
            "match needs at least one of tests, node or message",
            "owner.name is required",
            "owner.email is not an email address: 'nobody'");
    assertThat(
            invalid("---\ntitle: t\nclass: CODE\nmatch: {message: \"(unclosed\", nodes: x}\n---\n")
                .problems())
        .containsExactly(
            "match.nodes is not a known field (known: message, node, tests)",
            "match.message is not a valid regular expression: Unclosed group");
  }

  private static ParsedEntry parse(String markdown) {
    return MarkdownEntry.parse(
        "new-order-status", KbSource.GIT, "kb/new-order-status.md@abc", EDITED, markdown);
  }

  private static ParsedEntry.Invalid invalid(String markdown) {
    ParsedEntry parsed = parse(markdown);
    assertThat(parsed).isInstanceOf(ParsedEntry.Invalid.class);
    return (ParsedEntry.Invalid) parsed;
  }

  private static String withRecipe(String failureClass, String recipe) {
    return "---\ntitle: t\nclass: "
        + failureClass
        + "\nmatch: {tests: [unique]}\nrecipe: "
        + recipe
        + "\n---\nsteps\n";
  }

  private static Recipe recipe(String failureClass, String recipe) {
    ParsedEntry parsed = parse(withRecipe(failureClass, recipe));
    assertThat(parsed).isInstanceOf(ParsedEntry.Valid.class);
    return ((ParsedEntry.Valid) parsed).entry().recipe();
  }

  private static List<String> problems(String failureClass, String recipe) {
    return invalid(withRecipe(failureClass, recipe)).problems();
  }
}
