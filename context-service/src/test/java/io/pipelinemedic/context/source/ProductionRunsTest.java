package io.pipelinemedic.context.source;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Which runs are acted on, and which cannot be judged, on run objects shaped as the Admin API v2
 * specification describes them (numeric ids, nullable related objects, the trigger's cause
 * category, the job's type and triggers, the environment's deployment type).
 */
class ProductionRunsTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ProductionRuns DEFAULTS = new ProductionRuns(Set.of("scheduled"), null);

  @Test
  void aScheduledProductionRunIsActedOnWhateverItsJobType() throws Exception {
    assertThat(DEFAULTS.notActedOnReason(run("scheduled", "scheduled", true, "production")))
        .isEmpty();
    assertThat(DEFAULTS.notActedOnReason(run("other", "scheduled", true, "production")))
        .as("a production job declared 'other'")
        .isEmpty();
    assertThat(DEFAULTS.notActedOnReason(run("hybrid", "scheduled", false, null))).isEmpty();
  }

  @Test
  void theCauseDecidesAndWhichCausesCountIsASetting() throws Exception {
    JsonNode api = run("scheduled", "api", true, "production");
    assertThat(DEFAULTS.notActedOnReason(api))
        .hasValueSatisfying(reason -> assertThat(reason).contains("'api'"));
    assertThat(new ProductionRuns(Set.of("scheduled", "API"), null).notActedOnReason(api))
        .isEmpty();
    for (String cause : Set.of("ui", "rerun", "job completion", "merge", "ci", "some new cause")) {
      assertThat(DEFAULTS.notActedOnReason(run("scheduled", cause, true, "production")))
          .as(cause)
          .isPresent();
    }
  }

  @Test
  void anOlderAccountWithoutCauseCategoryGoesByTheJobsSchedule() throws Exception {
    assertThat(DEFAULTS.notActedOnReason(run("scheduled", null, true, null))).isEmpty();
    assertThat(DEFAULTS.notActedOnReason(run("scheduled", null, false, null)))
        .hasValueSatisfying(reason -> assertThat(reason).contains("no schedule"));
  }

  @Test
  void pullRequestRunsOfEveryProviderAndCiJobsAreNot() throws Exception {
    for (String field :
        Set.of(
            "github_pull_request_id",
            "gitlab_merge_request_id",
            "azure_pull_request_id",
            "non_native_pull_request_id")) {
      ObjectNode run = run("scheduled", "scheduled", true, "production");
      ((ObjectNode) run.get("trigger")).put(field, 812);
      assertThat(DEFAULTS.notActedOnReason(run))
          .as(field)
          .hasValueSatisfying(reason -> assertThat(reason).contains("pull request 812"));
    }
    assertThat(DEFAULTS.notActedOnReason(run("ci", "scheduled", true, "production"))).isPresent();
  }

  @Test
  void stagingIsNotProductionUnlessTheIdsSaySo() throws Exception {
    JsonNode staging = run("scheduled", "scheduled", true, "staging");
    assertThat(DEFAULTS.notActedOnReason(staging))
        .hasValueSatisfying(reason -> assertThat(reason).contains("staging environment"));
    assertThat(new ProductionRuns(Set.of("scheduled"), Set.of("218")).notActedOnReason(staging))
        .as("the configured ids decide")
        .isEmpty();
    assertThat(new ProductionRuns(Set.of("scheduled"), Set.of("9")).notActedOnReason(staging))
        .isPresent();
  }

  @Test
  void aRunWithoutItsRelatedObjectsOrUnfinishedCannotBeJudged() throws Exception {
    ObjectNode bare = run("scheduled", "scheduled", true, null);
    bare.putNull("trigger");
    bare.putNull("job");
    bare.putArray("run_steps");
    assertThat(new DbtCloudRun(bare).unreadableReason())
        .hasValueSatisfying(reason -> assertThat(reason).contains("without its trigger"));
    ObjectNode noSteps = run("scheduled", "scheduled", true, null);
    noSteps.putArray("run_steps");
    assertThat(new DbtCloudRun(noSteps).unreadableReason())
        .hasValueSatisfying(reason -> assertThat(reason).contains("without its steps"));
    ObjectNode running = run("scheduled", "scheduled", true, null);
    running.put("in_progress", true).put("is_complete", false);
    assertThat(new DbtCloudRun(running).unreadableReason()).contains("the run has not finished");
    ObjectNode cancelled = run("scheduled", "scheduled", true, null);
    cancelled.put("status", 30).put("is_cancelled", true).put("status_humanized", "Cancelled");
    assertThat(new DbtCloudRun(cancelled).cancelled()).isTrue();
    assertThat(new DbtCloudRun(run("scheduled", "scheduled", true, null)).unreadableReason())
        .isEmpty();
  }

  /** A failed run as {@code GET runs/{id}/?include_related=[...]} returns its {@code data}. */
  private static ObjectNode run(
      String jobType, String causeCategory, boolean schedule, String deploymentType)
      throws Exception {
    ObjectNode data =
        (ObjectNode)
            JSON.readTree(
                """
                {"id": 1795294713714, "account_id": 70403103927761, "environment_id": 218,
                 "job_definition_id": 70403103934411, "status": 20, "status_humanized": "Error",
                 "in_progress": false, "is_complete": true, "is_success": false,
                 "is_error": true, "is_cancelled": false, "git_sha": "9c1e4b7", "git_branch": null,
                 "trigger": {"id": 9001, "cause": "Kicked off from UI by someone@example.com",
                   "github_pull_request_id": null, "gitlab_merge_request_id": null,
                   "azure_pull_request_id": null, "non_native_pull_request_id": null},
                 "job": {"id": 70403103934411, "name": "Nightly", "job_type": "scheduled",
                   "triggers": {"github_webhook": false, "git_provider_webhook": false,
                     "schedule": true, "on_merge": false}},
                 "run_steps": [{"id": 1, "index": 1, "name": "Clone git repository",
                   "status": 10, "status_humanized": "Success", "logs": "", "truncated_debug_logs": null}]}
                """);
    ((ObjectNode) data.get("job")).put("job_type", jobType);
    ((ObjectNode) data.at("/job/triggers")).put("schedule", schedule);
    if (causeCategory != null) {
      ((ObjectNode) data.get("trigger")).put("cause_category", causeCategory);
    }
    if (deploymentType != null) {
      data.putObject("environment").put("id", 218).put("deployment_type", deploymentType);
    }
    return data;
  }
}
