package io.pipelinemedic.classifier.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipelinemedic.classifier.Fixtures;
import io.pipelinemedic.schemas.model.Failure;
import io.pipelinemedic.schemas.model.FailureClass;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Each signature of the taxonomy against the failure it describes. */
class SignatureTaxonomyTest {

  @Test
  void errorsAreRecognisedByTheirMessage() {
    assertThat(
            idOf(
                error(
                    "Compilation Error in model fct_orders (models/marts/fct_orders.sql)\n"
                        + "  'refx' is undefined. This can happen when calling a macro that does not exist.")))
        .isEqualTo("code.compile");
    assertThat(
            idOf(
                error(
                    "Runtime Error in model dim_customers (models/marts/dim_customers.sql)\n"
                        + "  Binder Error: Values list \"customers\" does not have a column named \"email\"\n"
                        + "  LINE 22:     customers.email,")))
        .isEqualTo("code.missing_column");
    assertThat(idOf(error("Database Error in model stg_orders\n  column \"email\" does not exist")))
        .isEqualTo("code.missing_column");
    assertThat(idOf(error("Unrecognized name: email at [12:5]"))).isEqualTo("code.missing_column");
    assertThat(
            idOf(
                error(
                    "Runtime Error in model stg_payments\n  Conversion Error: Could not"
                        + " convert string 'n/a' to INT32")))
        .isEqualTo("code.type_mismatch");
    assertThat(SignatureTaxonomy.classify(error("Runtime Error: something nobody has seen")))
        .isEmpty();
  }

  @Test
  void packagesThatCannotBeInstalledAreTheProjectsCode() {
    for (String message :
        List.of(
            "Runtime Error\n  No dbt_project.yml found at expected path"
                + " /src/packages/billing-utils/dbt_project.yml\n  Verify that each entry within"
                + " packages.yml (and their transitive dependencies) contains a file named"
                + " dbt_project.yml",
            "Package dbt-labs/dbt_utilz was not found in the package index. Packages on the"
                + " index include: dbt-labs/dbt_utils",
            "Could not find a matching compatible version for package dbt-labs/dbt_utils\n"
                + "  Requested range: =9.0.0, =9.0.0",
            "Error checking out spec='v9' for repo https://github.com/acme/dbt-shared.git")) {
      Failure deps = failure("invocation.acme", "invocation", null, "error", message);
      assertThat(SignatureTaxonomy.classify(deps))
          .as(message)
          .get()
          .satisfies(
              signature -> {
                assertThat(signature.id()).isEqualTo("code.packages");
                assertThat(signature.failureClass()).contains(FailureClass.CODE);
              });
    }
  }

  @Test
  void contractsIncrementalModelsAndUnitTestsAreTheCodes() {
    assertThat(
            idOf(
                error(
                    "Compilation Error in model dim_accounts (models/marts/dim_accounts.sql)\n"
                        + "  This model has an enforced contract that failed.\n  Please ensure the"
                        + " name, data_type, and number of columns in your contract match")))
        .isEqualTo("code.contract");
    assertThat(
            idOf(
                error(
                    "Compilation Error in model fct_usage_daily\n  \n                The source"
                        + " and target schemas on this incremental model are out of sync!")))
        .isEqualTo("code.incremental_schema_change");
    Failure unitTest =
        failure(
            "unit_test.subs.int_mrr.spreads_annual_plans",
            "unit_test",
            null,
            "fail",
            "\n\nactual differs from expected:\n\n@@ ,subscription_id,mrr\r\n");
    assertThat(SignatureTaxonomy.classify(unitTest))
        .get()
        .satisfies(
            signature -> {
              assertThat(signature.id()).isEqualTo("test.unit");
              assertThat(signature.failureClass()).contains(FailureClass.CODE);
              assertThat(signature.needsDiagnostics()).isFalse();
            });
  }

  @Test
  void testsAreRecognisedByTheirKindWithTheirDefaultReasoning() {
    assertThat(SignatureTaxonomy.classify(test("unique")))
        .get()
        .satisfies(
            signature -> {
              assertThat(signature.id()).isEqualTo("test.unique");
              assertThat(signature.failureClass()).as("the data decides").isEmpty();
              assertThat(signature.needsDiagnostics()).isTrue();
            });
    assertThat(idOf(test("not_null"))).isEqualTo("test.not_null");
    assertThat(idOf(test("relationships"))).isEqualTo("test.relationships");
    assertThat(idOf(test(null))).isEqualTo("test.singular");
    assertThat(idOf(test("expect_column_values_to_be_between")))
        .isEqualTo("test.generic.expect_column_values_to_be_between");
    assertThat(SignatureTaxonomy.classify(test("accepted_values")).orElseThrow().failureClass())
        .contains(FailureClass.CODE);
  }

  @Test
  void aStaleSourceIsTheSourcesProblem() {
    Failure freshness =
        failure(
            "source.shop.shop.orders",
            "source",
            null,
            "error",
            "freshness error: newest row loaded at 2026-11-18T04:00:00Z");

    assertThat(SignatureTaxonomy.classify(freshness))
        .get()
        .satisfies(
            signature -> {
              assertThat(signature.id()).isEqualTo("source.freshness");
              assertThat(signature.failureClass()).isEqualTo(Optional.of(FailureClass.SOURCE));
            });
  }

  private static String idOf(Failure failure) {
    return SignatureTaxonomy.classify(failure).orElseThrow().id();
  }

  private static Failure error(String message) {
    return failure("model.shop.m", "model", null, "error", message);
  }

  private static Failure test(String testName) {
    return failure(
        "test.shop.t", "test", testName, "fail", "Got 3 results, configured to fail if != 0");
  }

  private static Failure failure(
      String uniqueId, String type, String testName, String status, String message) {
    return Fixtures.failure(uniqueId, type, testName, status, message, null, List.of());
  }
}
