package io.pipelinemedic.dbt.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The scenario files parse strictly and their ground truth is self-consistent, without dbt. */
class ScenarioTest {

  private static final Path ROOT =
      Path.of(System.getProperty("medic.root", "..")).toAbsolutePath().normalize();

  @Test
  void everyScenarioHasAConsistentGroundTruth() throws Exception {
    List<Scenario> scenarios = ScenarioRunner.scenarios(ROOT);

    assertThat(scenarios).extracting(Scenario::name).startsWith("00-healthy").hasSize(24);
    assertThat(scenarios)
        .extracting(Scenario::project)
        .as("two example projects")
        .containsOnly("shop", "subscriptions");
    assertThat(scenarios)
        .extracting(Scenario::job)
        .contains(Scenario.Job.STEPS, Scenario.Job.BUILD);
    for (Scenario scenario : scenarios) {
      assertThat(scenario.description()).as(scenario.name()).isNotBlank();
      assertThat(scenario.expected().failures()).containsAll(scenario.expected().cascades());
      if (!scenario.expected().failures().isEmpty()) {
        assertThat(scenario.expected().failureClass()).isIn(Set.of("CODE", "SOURCE", "TRANSIENT"));
        assertThat(scenario.expected().rootCause()).as(scenario.name()).isNotBlank();
      }
      if ("SOURCE".equals(scenario.expected().failureClass())) {
        assertThat(scenario.expected().owner())
            .as("who the report of " + scenario.name() + " goes to")
            .contains("@");
      }
      if ("CODE".equals(scenario.expected().failureClass())) {
        assertThat(scenario.expected().fix())
            .as("the correct fix of " + scenario.name())
            .isNotBlank();
      }
      if (scenario.injection().data() != null) {
        assertThat(scenario.dir().resolve(scenario.injection().data())).exists();
      }
      boolean changesCode = Files.isDirectory(scenario.dir().resolve("files"));
      assertThat(
              changesCode
                  || scenario.injection().data() != null
                  || scenario.injection().lockFx()
                  || scenario.name().equals("00-healthy"))
          .as(scenario.name() + " injects something")
          .isTrue();
    }
  }

  @Test
  void groundTruthIdsDropOnlyTheHashOfTests() {
    assertThat(Scenario.groundTruthId("test.shop.unique_stg_orders_order_id.5b2c0e9f1a"))
        .isEqualTo("test.shop.unique_stg_orders_order_id");
    assertThat(Scenario.groundTruthId("test.shop.assert_product_line_revenue_reconciles"))
        .isEqualTo("test.shop.assert_product_line_revenue_reconciles");
    assertThat(Scenario.groundTruthId("model.shop.stg_orders")).isEqualTo("model.shop.stg_orders");
    assertThat(Scenario.groundTruthId("source.shop.shop.orders"))
        .isEqualTo("source.shop.shop.orders");
  }
}
