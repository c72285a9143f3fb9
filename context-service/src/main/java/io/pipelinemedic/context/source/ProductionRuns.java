package io.pipelinemedic.context.source;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Which dbt Cloud runs Pipeline Medic acts on, decided from the run object's structure, never from
 * free text: not a pull-request run (any provider's id on the trigger, a {@code ci} job); started
 * for a cause the team acts on ({@code trigger.cause_category}, {@code scheduled} by default; an
 * account that gives no category: a job with a schedule counts as scheduled); in a production
 * environment (the configured ids, else the environment's {@code deployment_type}).
 */
final class ProductionRuns {

  private static final Logger LOG = Logger.getLogger(ProductionRuns.class);

  /** Every {@code trigger.cause_category} the Admin API v2 specification lists. */
  static final Set<String> CAUSES =
      Set.of(
          "api",
          "ci",
          "scheduled",
          "ui",
          "rerun",
          "job completion",
          "merge",
          "exposures generated",
          "adaptive",
          "ingest");

  private static final List<String> PULL_REQUEST_FIELDS =
      List.of(
          "github_pull_request_id",
          "gitlab_merge_request_id",
          "azure_pull_request_id",
          "non_native_pull_request_id");

  private final Set<String> actedOnCauses;
  private final Set<String> productionEnvironments;

  /**
   * @param actedOnCauses the causes acted on, e.g. {@code scheduled} and {@code api}
   * @param productionEnvironments production environment ids; {@code null} to go by the
   *     environment's deployment type
   */
  ProductionRuns(Set<String> actedOnCauses, Set<String> productionEnvironments) {
    this.actedOnCauses =
        actedOnCauses.stream()
            .map(c -> c.strip().toLowerCase(Locale.ROOT))
            .collect(Collectors.toSet());
    this.productionEnvironments = productionEnvironments;
  }

  /** Why {@code data} (a run object with its trigger, job and environment) is not acted on. */
  Optional<String> notActedOnReason(JsonNode data) {
    JsonNode trigger = data.path("trigger");
    for (String field : PULL_REQUEST_FIELDS) {
      String id = DbtCloudRun.text(trigger, field);
      if (id != null) {
        return Optional.of("a CI run for pull request " + id + " (" + field + ")");
      }
    }
    JsonNode job = data.path("job");
    if ("ci".equals(DbtCloudRun.text(job, "job_type"))) {
      return Optional.of("a run of a CI job");
    }
    String category = DbtCloudRun.text(trigger, "cause_category");
    if (category != null) {
      String cause = category.toLowerCase(Locale.ROOT);
      if (!CAUSES.contains(cause)) {
        LOG.warnf("unknown trigger.cause_category '%s': acted on only if configured", category);
      }
      if (!actedOnCauses.contains(cause)) {
        return Optional.of(
            "started for the cause '"
                + category
                + "', not one acted on ("
                + String.join(", ", actedOnCauses.stream().sorted().toList())
                + ")");
      }
    } else if (!job.path("triggers").path("schedule").asBoolean(false)
        || !actedOnCauses.contains("scheduled")) {
      return Optional.of(
          "the API gives no cause category and the job has no schedule (cause: \""
              + DbtCloudRun.text(trigger, "cause")
              + "\")");
    }
    String environment = DbtCloudRun.text(data, "environment_id");
    if (productionEnvironments != null) {
      if (environment != null && !productionEnvironments.contains(environment)) {
        return Optional.of("environment " + environment + " is not a production environment");
      }
    } else {
      String deployment = DbtCloudRun.text(data.path("environment"), "deployment_type");
      if (deployment != null && !deployment.equals("production")) {
        return Optional.of(
            "environment " + environment + " is a " + deployment + " environment, not production");
      }
    }
    return Optional.empty();
  }
}
