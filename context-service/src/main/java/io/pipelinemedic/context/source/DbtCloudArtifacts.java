package io.pipelinemedic.context.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pipelinemedic.context.config.ContextConfig;
import io.pipelinemedic.schemas.RunFailed;
import io.pipelinemedic.schemas.model.ArtifactRef;
import io.pipelinemedic.schemas.model.RunRef;
import io.pipelinemedic.schemas.model.RunSource;
import io.pipelinemedic.service.ArtifactStore;
import io.pipelinemedic.service.http.RetryingHttp;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * dbt Cloud runs: the Admin API v2 tells what the run was (trigger, job, steps) and serves the
 * artifacts of each failed step: {@code run_results.json} and {@code sources.json} where the step
 * wrote them, and the {@code manifest.json} of the last failed step.
 */
@ApplicationScoped
public class DbtCloudArtifacts implements ArtifactSource {

  private static final Pattern DIGITS = Pattern.compile("\\d{1,19}");

  /** The related objects asked for with the run. */
  static final String INCLUDE_RELATED = "[\"trigger\",\"job\",\"run_steps\",\"environment\"]";

  @Inject ContextConfig config;
  @Inject RetryingHttp http;
  @Inject ArtifactStore store;
  @Inject ObjectMapper json;

  @Override
  public RunSource reporter() {
    return RunSource.DBT_CLOUD;
  }

  @Override
  public FetchedRun fetch(RunFailed event) throws IOException {
    RunRef reported = event.run();
    URI runUri =
        runs(reported)
            .resolve(
                reported.runId()
                    + "/?include_related="
                    + URLEncoder.encode(INCLUDE_RELATED, StandardCharsets.UTF_8));
    JsonNode data;
    try (InputStream body =
        http.get(runUri, headers())
            .orElseThrow(() -> new IOException("dbt Cloud has no run " + reported.runId()))) {
      JsonNode answer = json.readTree(body);
      data = answer.path("data");
      if (!answer.path("status").path("is_success").asBoolean(true) || !data.isObject()) {
        throw new IOException(
            "dbt Cloud answered for run "
                + reported.runId()
                + ": "
                + answer.path("status").path("user_message").asText("no run data"));
      }
    }
    DbtCloudRun run = new DbtCloudRun(data);
    Optional<String> unreadable = run.unreadableReason();
    if (unreadable.isPresent()) {
      throw new IOException("run " + reported.runId() + ": " + unreadable.get());
    }
    RunRef completed = run.complete(reported);
    if (run.cancelled()) {
      return FetchedRun.ignored(completed, "the run was cancelled, not failed");
    }
    Optional<String> ignored =
        new ProductionRuns(
                config.dbtCloud().actedOnCauses(), config.dbtCloud().environmentIds().orElse(null))
            .notActedOnReason(run.data());
    if (ignored.isPresent() && config.dbtCloud().scheduledOnly()) {
      return FetchedRun.ignored(completed, ignored.get());
    }
    return new FetchedRun(completed, null, download(event, run));
  }

  /**
   * The failed steps' run results and the manifest; for steps that stopped before writing any, the
   * steps' logs instead.
   */
  private List<ArtifactRef> download(RunFailed event, DbtCloudRun run) throws IOException {
    List<Integer> failedSteps = run.failedSteps();
    List<ArtifactRef> artifacts = new ArrayList<>();
    for (Integer step : failedSteps) {
      for (String name : List.of("run_results.json", "sources.json")) {
        fetch(event, name, step).ifPresent(artifacts::add);
      }
    }
    if (artifacts.isEmpty()) {
      for (Map.Entry<Integer, String> log : run.failedStepLogs().entrySet()) {
        artifacts.add(
            store.write(
                event.envelope().incidentId(),
                "step-" + log.getKey() + "/dbt.log",
                log.getKey(),
                new ByteArrayInputStream(log.getValue().getBytes(StandardCharsets.UTF_8))));
      }
      if (!artifacts.isEmpty()) {
        return artifacts;
      }
      throw new IOException(
          "dbt Cloud run "
              + event.run().runId()
              + " has no run_results.json or sources.json for its failed steps "
              + (failedSteps.contains(null) ? "(no step list)" : failedSteps));
    }
    for (int i = failedSteps.size() - 1; i >= 0; i--) {
      Optional<ArtifactRef> manifest = fetch(event, "manifest.json", failedSteps.get(i));
      if (manifest.isPresent()) {
        artifacts.add(manifest.get());
        return artifacts;
      }
    }
    throw new IOException("dbt Cloud run " + event.run().runId() + " has no manifest.json");
  }

  private Optional<ArtifactRef> fetch(RunFailed event, String name, Integer step)
      throws IOException {
    URI uri =
        runs(event.run())
            .resolve(
                event.run().runId() + "/artifacts/" + name + (step == null ? "" : "?step=" + step));
    Optional<InputStream> content = http.get(uri, headers());
    if (content.isEmpty()) {
      return Optional.empty();
    }
    try (InputStream in = content.get()) {
      String path = step == null ? name : "step-" + step + "/" + name;
      return Optional.of(store.write(event.envelope().incidentId(), path, step, in));
    }
  }

  /** The account's runs; its ids must be digits, as dbt Cloud's are, before they join a URL. */
  private URI runs(RunRef run) throws IOException {
    if (!DIGITS.matcher(String.valueOf(run.accountId())).matches()
        || !DIGITS.matcher(String.valueOf(run.runId())).matches()) {
      throw new IOException("not a dbt Cloud run: its account and run ids must be digits");
    }
    String base = config.dbtCloud().baseUrl().toString().replaceAll("/+$", "");
    return URI.create(base + "/api/v2/accounts/" + run.accountId() + "/runs/");
  }

  private Map<String, String> headers() throws IOException {
    String token =
        config
            .dbtCloud()
            .token()
            .orElseThrow(
                () ->
                    new IOException(
                        "no dbt Cloud API token configured (medic.context.dbt-cloud.token)"));
    return Map.of("Authorization", "Token " + token, "Accept", "application/json");
  }
}
