package io.pipelinemedic.stack.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.pipelinemedic.dbt.DbtResult;
import io.pipelinemedic.dbt.scenario.ScenarioRun;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The example project's dbt Cloud account on this machine: a server speaking the dbt Cloud
 * Administrative API v2 as documented, for the runs it was given (the demo's played scenarios, a
 * test's runs). {@code GET /api/v2/accounts/{account}/runs/{run}/?include_related=[...]} answers
 * the {@code {status, data}} envelope with the run, its trigger, job and steps; {@code GET
 * .../runs/{run}/artifacts/{path}?step=N} the raw file or 404; {@code Authorization: Token <token>}
 * is required (401 otherwise). Faults (429 with {@code Retry-After}, 5xx) can be scheduled.
 */
public final class ExampleDbtCloud implements AutoCloseable {

  /** The account, environment and job of the example project's nightly production build. */
  public static final String ACCOUNT = "70403103927761";

  public static final long ENVIRONMENT = 70403103931988L;
  public static final long JOB = 70403103934411L;

  /** dbt Cloud's three setup steps (clone, profile, deps) come before the job's commands. */
  public static final int FIRST_COMMAND_STEP = 4;

  private static final Pattern RUN = Pattern.compile("/api/v2/accounts/(\\d+)/runs/(\\d+)/");
  private static final Pattern ARTIFACT =
      Pattern.compile("/api/v2/accounts/(\\d+)/runs/(\\d+)/artifacts/(.+)");
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * A run served by the API.
   *
   * @param data the run object ({@code data} of the envelope)
   * @param stepFolders artifact folder of each step index
   */
  public record Run(ObjectNode data, Map<Integer, Path> stepFolders) {

    /**
     * A played scenario as the scheduled nightly run {@code runId}: its steps and artifacts. A job
     * that stopped at {@code dbt deps} errors in that setup step, with its log and no artifacts,
     * and has no command steps.
     */
    public static Run of(String runId, ScenarioRun played) {
      if (played.stoppedAtDeps()) {
        ObjectNode data =
            runData(runId, "Kicked off by the scheduler", null, "scheduled", played.commit());
        ((ObjectNode) data.path("run_steps").get(FIRST_COMMAND_STEP - 2))
            .put("status", 20)
            .put("status_humanized", "Error")
            .put("logs", played.deps().stdout());
        data.put("status", 20)
            .put("status_humanized", "Error")
            .put("status_message", "dbt deps failed")
            .put("is_success", false)
            .put("is_error", true);
        return new Run(data, Map.of());
      }
      List<DbtResult> steps = played.steps();
      int[] statuses = steps.stream().mapToInt(step -> step.succeeded() ? 10 : 20).toArray();
      Map<Integer, Path> folders = new HashMap<>();
      for (int i = 0; i < steps.size(); i++) {
        folders.put(FIRST_COMMAND_STEP + i, played.step(i + 1));
      }
      ObjectNode data =
          runData(
              runId, "Kicked off by the scheduler", null, "scheduled", played.commit(), statuses);
      for (int i = 0; i < steps.size(); i++) {
        ((ObjectNode) data.path("run_steps").get(FIRST_COMMAND_STEP - 1 + i))
            .put("name", "Invoke dbt with `" + command(steps.get(i)) + "`")
            .put("logs", steps.get(i).stdout());
      }
      return new Run(data, folders);
    }

    /** The dbt command of a step as dbt Cloud names it, e.g. {@code dbt source freshness}. */
    private static String command(DbtResult step) {
      List<String> words = new ArrayList<>(List.of("dbt"));
      for (String word : step.command().subList(1, step.command().size())) {
        if (word.startsWith("-")) {
          break;
        }
        words.add(word);
      }
      return String.join(" ", words);
    }
  }

  /** Every request's path and decoded query, in order. */
  public final List<String> requests = new CopyOnWriteArrayList<>();

  private final String token;
  private final HttpServer server;
  private final Map<String, Run> runs = new ConcurrentHashMap<>();
  private final Deque<Integer> faults = new ArrayDeque<>();

  /** Starts serving on a free local port, accepting {@code token}. */
  public ExampleDbtCloud(String token) throws IOException {
    this(token, 0);
  }

  /** Starts serving on {@code port}, accepting {@code token}. */
  public ExampleDbtCloud(String token, int port) throws IOException {
    this.token = token;
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  /** The API's base URL, for {@code medic.context.dbt-cloud.base-url}. */
  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public void serve(String runId, Run run) {
    runs.put(runId, run);
  }

  /** The next requests are answered with these statuses (429 carries {@code Retry-After: 0}). */
  public synchronized void failNext(Integer... statuses) {
    faults.addAll(List.of(statuses));
  }

  public synchronized void clearFaults() {
    faults.clear();
  }

  private synchronized Integer nextFault() {
    return faults.pollFirst();
  }

  /**
   * A run object as the API returns it with {@code include_related=["trigger","job","run_steps"]}:
   * three setup steps, then one step per job command, whose statuses are given (10 or 20).
   */
  public static ObjectNode runData(
      String runId,
      String cause,
      Integer pullRequest,
      String jobType,
      String gitSha,
      int... commandStatuses) {
    ObjectNode data = JSON.createObjectNode();
    data.put("id", Long.parseLong(runId));
    data.put("account_id", Long.parseLong(ACCOUNT));
    data.put("job_definition_id", JOB);
    data.put("environment_id", ENVIRONMENT);
    data.put("project_id", 70403103922411L);
    boolean failed = Arrays.stream(commandStatuses).anyMatch(status -> status == 20);
    data.put("status", failed ? 20 : 10);
    data.put("status_humanized", failed ? "Error" : "Success");
    if (failed) {
      data.put("status_message", "Database Error in model stg_order_lines");
    } else {
      data.putNull("status_message");
    }
    data.put("dbt_version", "versionless");
    data.put("git_branch", "main");
    data.put("git_sha", gitSha);
    data.put("started_at", "2026-11-21 04:00:12.104223+00:00");
    data.put("finished_at", "2026-11-21 04:02:09.994611+00:00");
    data.put("in_progress", false);
    data.put("is_complete", true);
    data.put("is_success", !failed);
    data.put("is_error", failed);
    data.put("is_cancelled", false);
    ObjectNode trigger = data.putObject("trigger");
    trigger.put("id", 9001);
    trigger.put("cause", cause);
    trigger.put(
        "cause_category",
        pullRequest != null || "ci".equals(jobType)
            ? "ci"
            : "scheduled".equals(jobType) ? "scheduled" : "api");
    trigger.put("job_definition_id", JOB);
    trigger.putNull("git_branch");
    trigger.putNull("git_sha");
    if (pullRequest == null) {
      trigger.putNull("github_pull_request_id");
    } else {
      trigger.put("github_pull_request_id", pullRequest);
    }
    trigger.putNull("gitlab_merge_request_id");
    trigger.putNull("azure_pull_request_id");
    trigger.putNull("non_native_pull_request_id");
    ObjectNode job = data.putObject("job");
    job.put("id", JOB);
    job.put("name", "Nightly production build");
    job.put("job_type", jobType);
    ObjectNode triggers = job.putObject("triggers");
    triggers.put("schedule", "scheduled".equals(jobType));
    triggers.put("github_webhook", "ci".equals(jobType));
    triggers.put("git_provider_webhook", false);
    ArrayNode steps = data.putArray("run_steps");
    String[] setup = {
      "Clone git repository", "Create profile from connection", "Invoke dbt with `dbt deps`"
    };
    for (int i = 0; i < setup.length; i++) {
      steps.add(step(i + 1, setup[i], 10));
    }
    String[] commands = {"dbt source freshness", "dbt run", "dbt test"};
    for (int i = 0; i < commandStatuses.length; i++) {
      steps.add(
          step(
              setup.length + i + 1,
              "Invoke dbt with `" + commands[i % 3] + "`",
              commandStatuses[i]));
    }
    return data;
  }

  private static ObjectNode step(int index, String name, int status) {
    ObjectNode step = JSON.createObjectNode();
    step.put("id", 1000 + index);
    step.put("index", index);
    step.put("name", name);
    step.put("status", status);
    step.put("status_humanized", status == 10 ? "Success" : "Error");
    step.put("logs", "");
    step.putNull("truncated_debug_logs");
    return step;
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      String query = exchange.getRequestURI().getRawQuery();
      requests.add(
          path + (query == null ? "" : "?" + URLDecoder.decode(query, StandardCharsets.UTF_8)));
      if (!("Token " + token).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
        envelope(exchange, 401, "Invalid token.");
        return;
      }
      Integer fault = nextFault();
      if (fault != null) {
        if (fault == 429) {
          exchange.getResponseHeaders().set("Retry-After", "0");
        }
        envelope(exchange, fault, fault == 429 ? "Rate limit exceeded." : "Internal error.");
        return;
      }
      Matcher artifact = ARTIFACT.matcher(path);
      Matcher run = RUN.matcher(path);
      if (artifact.matches()) {
        artifact(exchange, runs.get(artifact.group(2)), artifact.group(3), query);
      } else if (run.matches() && runs.containsKey(run.group(2))) {
        ObjectNode body = JSON.createObjectNode();
        body.set("status", status(200, "Success!"));
        body.set("data", asked(runs.get(run.group(2)).data(), query));
        send(exchange, 200, JSON.writeValueAsBytes(body));
      } else {
        envelope(exchange, 404, "The requested resource was not found.");
      }
    }
  }

  /**
   * The run object as the API answers {@code query}: the related objects it names, the others
   * {@code null} ({@code run_steps} empty); {@code environment} only when asked for.
   */
  private static ObjectNode asked(ObjectNode run, String query) {
    String include =
        query == null ? "" : URLDecoder.decode(query, StandardCharsets.UTF_8).replace(" ", "");
    ObjectNode data = run.deepCopy();
    for (String related : List.of("trigger", "job")) {
      if (!include.contains("\"" + related + "\"")) {
        data.putNull(related);
      }
    }
    if (!include.contains("\"run_steps\"")) {
      data.putArray("run_steps");
    }
    if (include.contains("\"environment\"")) {
      ObjectNode environment = data.putObject("environment");
      environment.put("id", ENVIRONMENT);
      environment.put("account_id", Long.parseLong(ACCOUNT));
      environment.put("name", "Production");
      environment.put("type", "deployment");
      environment.put("deployment_type", "production");
    }
    return data;
  }

  private static void artifact(HttpExchange exchange, Run run, String name, String query)
      throws IOException {
    if (run == null) {
      envelope(exchange, 404, "The requested resource was not found.");
      return;
    }
    int step =
        query != null && query.startsWith("step=")
            ? Integer.parseInt(query.substring(5))
            : run.stepFolders().keySet().stream().max(Integer::compare).orElseThrow();
    Path folder = run.stepFolders().get(step);
    Path file = folder == null ? null : folder.resolve(name);
    if (file == null || !Files.isRegularFile(file)) {
      envelope(exchange, 404, "The requested resource was not found.");
      return;
    }
    send(exchange, 200, Files.readAllBytes(file));
  }

  private static void envelope(HttpExchange exchange, int code, String message) throws IOException {
    ObjectNode body = JSON.createObjectNode();
    body.set("status", status(code, message));
    body.putNull("data");
    send(exchange, code, JSON.writeValueAsBytes(body));
  }

  private static ObjectNode status(int code, String message) {
    ObjectNode status = JSON.createObjectNode();
    status.put("code", code);
    status.put("is_success", code == 200);
    status.put("user_message", message);
    status.put("developer_message", "");
    return status;
  }

  private static void send(HttpExchange exchange, int code, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(code, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
