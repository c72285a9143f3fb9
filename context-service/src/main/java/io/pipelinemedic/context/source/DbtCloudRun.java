package io.pipelinemedic.context.source;

import com.fasterxml.jackson.databind.JsonNode;
import io.pipelinemedic.schemas.model.RunRef;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** What the Admin API's run object (with trigger, job and steps) says about a run. */
final class DbtCloudRun {

  /** dbt Cloud's status code of an errored run or step. */
  static final int ERROR = 20;

  private static final List<String> PULL_REQUEST_FIELDS =
      List.of("github_pull_request_id", "gitlab_merge_request_id", "azure_pull_request_id");

  private final JsonNode data;

  DbtCloudRun(JsonNode data) {
    this.data = data;
  }

  /** The reported run with what the API adds: commit, branch, dbt version, times, job name. */
  RunRef complete(RunRef reported) {
    return new RunRef(
        reported.accountId(),
        first(reported.projectId(), text(data, "project_id")),
        reported.projectName(),
        first(reported.environmentId(), text(data, "environment_id")),
        reported.environmentName(),
        first(reported.jobId(), text(data, "job_definition_id"), text(data, "job_id")),
        first(reported.jobName(), text(data.path("job"), "name")),
        reported.runId(),
        first(reported.status(), text(data, "status_humanized")),
        reported.statusCode() != null
            ? reported.statusCode()
            : data.path("status").isInt() ? data.path("status").asInt() : null,
        first(reported.statusMessage(), text(data, "status_message")),
        first(reported.reason(), text(data.path("trigger"), "cause")),
        reported.startedAt() != null ? reported.startedAt() : time(text(data, "started_at")),
        reported.finishedAt() != null ? reported.finishedAt() : time(text(data, "finished_at")),
        first(reported.dbtVersion(), text(data, "dbt_version")),
        first(reported.gitSha(), text(data, "git_sha"), text(data.path("trigger"), "git_sha")),
        first(
            reported.gitBranch(),
            text(data, "git_branch"),
            text(data.path("trigger"), "git_branch")));
  }

  /**
   * Why this is not a scheduled production run, judged by structure, never by the trigger's free
   * text: a pull-request id on the trigger, a CI or merge job, a job without a schedule, or an
   * environment outside {@code productionEnvironments} (when given).
   */
  Optional<String> notScheduledReason(Set<String> productionEnvironments) {
    JsonNode trigger = data.path("trigger");
    for (String field : PULL_REQUEST_FIELDS) {
      String id = text(trigger, field);
      if (id != null) {
        return Optional.of("a CI run for pull request " + id + " (" + field + "), not scheduled");
      }
    }
    JsonNode job = data.path("job");
    String jobType = text(job, "job_type");
    if (jobType != null && !jobType.equals("scheduled")) {
      return Optional.of("a run of a '" + jobType + "' job, not of a scheduled job");
    }
    JsonNode schedule = job.path("triggers").path("schedule");
    if (jobType == null && schedule.isBoolean() && !schedule.asBoolean()) {
      String cause = text(trigger, "cause");
      return Optional.of(
          "the job has no schedule: started by hand or by API"
              + (cause == null ? "" : " (cause: \"" + cause + "\")"));
    }
    String environment = text(data, "environment_id");
    if (productionEnvironments != null
        && environment != null
        && !productionEnvironments.contains(environment)) {
      return Optional.of("environment " + environment + " is not a production environment");
    }
    return Optional.empty();
  }

  /**
   * Indexes of the errored steps, in order; a single null (the run's last step) when the API gave
   * no steps.
   */
  List<Integer> failedSteps() {
    JsonNode steps = data.path("run_steps");
    if (!steps.isArray() || steps.isEmpty()) {
      return Collections.singletonList(null);
    }
    List<Integer> failed = new ArrayList<>();
    for (JsonNode step : steps) {
      if (step.path("status").asInt() == ERROR && step.path("index").isInt()) {
        failed.add(step.path("index").asInt());
      }
    }
    return failed.isEmpty() ? Collections.singletonList(null) : failed;
  }

  /** The logs of the errored steps that carry one ({@code logs}), by step index. */
  Map<Integer, String> failedStepLogs() {
    Map<Integer, String> logs = new LinkedHashMap<>();
    for (JsonNode step : data.path("run_steps")) {
      String log = text(step, "logs");
      if (step.path("status").asInt() == ERROR && step.path("index").isInt() && log != null) {
        logs.put(step.path("index").asInt(), log);
      }
    }
    return logs;
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.path(field);
    return value.isNull() || value.isMissingNode() || value.asText().isEmpty()
        ? null
        : value.asText();
  }

  private static String first(String... values) {
    for (String value : values) {
      if (value != null) {
        return value;
      }
    }
    return null;
  }

  /** dbt Cloud writes {@code 2026-11-21 04:02:11.482916+00:00}; ISO-8601 is accepted too. */
  static Instant time(String value) {
    if (value == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(value.replace(' ', 'T'), DateTimeFormatter.ISO_OFFSET_DATE_TIME)
          .toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
