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

/** What the Admin API's run object (with trigger, job and steps) says about a run. */
final class DbtCloudRun {

  /** dbt Cloud's status code of an errored run or step. */
  static final int ERROR = 20;

  /** dbt Cloud's status code of a cancelled run. */
  static final int CANCELLED = 30;

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
   * Why the run cannot be judged as it stands: its related objects did not come back (the body then
   * carries {@code null} and {@code []}, and the artifacts without a step would be the last
   * step's), or it has not finished.
   */
  Optional<String> unreadableReason() {
    for (String related : List.of("trigger", "job")) {
      if (!data.path(related).isObject()) {
        return Optional.of(
            "dbt Cloud returned the run without its "
                + related
                + " (include_related not honoured)");
      }
    }
    if (!data.path("run_steps").isArray() || data.path("run_steps").isEmpty()) {
      return Optional.of(
          "dbt Cloud returned the run without its steps (include_related not honoured)");
    }
    if (data.path("in_progress").asBoolean(false) || !data.path("is_complete").asBoolean(true)) {
      return Optional.of("the run has not finished");
    }
    return Optional.empty();
  }

  /** Whether the run was cancelled rather than failed. */
  boolean cancelled() {
    return data.path("is_cancelled").asBoolean(false) || data.path("status").asInt() == CANCELLED;
  }

  /** The run object, for the decisions made on its structure. */
  JsonNode data() {
    return data;
  }

  /** Indexes of the errored steps, in order; a single null (the run's last step) when none is. */
  List<Integer> failedSteps() {
    JsonNode steps = data.path("run_steps");
    List<Integer> failed = new ArrayList<>();
    for (JsonNode step : steps) {
      if (step.path("status").asInt() == ERROR && step.path("index").isInt()) {
        failed.add(step.path("index").asInt());
      }
    }
    return failed.isEmpty() ? Collections.singletonList(null) : failed;
  }

  /**
   * The logs of the errored steps that carry one ({@code logs}, else {@code truncated_debug_logs}),
   * by step index.
   */
  Map<Integer, String> failedStepLogs() {
    Map<Integer, String> logs = new LinkedHashMap<>();
    for (JsonNode step : data.path("run_steps")) {
      String log = first(text(step, "logs"), text(step, "truncated_debug_logs"));
      if (step.path("status").asInt() == ERROR && step.path("index").isInt() && log != null) {
        logs.put(step.path("index").asInt(), log);
      }
    }
    return logs;
  }

  /** The field's text; {@code null} when missing, null or empty. */
  static String text(JsonNode node, String field) {
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
