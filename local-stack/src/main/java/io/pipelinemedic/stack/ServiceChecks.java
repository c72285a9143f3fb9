package io.pipelinemedic.stack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The doctor's checks of the services a team's configuration names: each answers, and takes the
 * token (GitHub's repository, Slack's {@code auth.test}, Jira's {@code myself}, dbt Cloud's
 * accounts, Notion's database, the coding agent's model endpoint).
 */
final class ServiceChecks {

  private final Duration timeout;
  private final HttpClient http;

  ServiceChecks(Duration timeout) {
    this.timeout = timeout;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
  }

  /** The checks of the channels and reporters configured in the services' settings. */
  void channels(
      Map<String, String> publisher, Map<String, String> context, List<Doctor.Check> checks)
      throws InterruptedException {
    String repository = publisher.get("MEDIC_PUBLISHER_GITHUB_REPOSITORY");
    if (repository != null) {
      checks.add(
          answer(
              "GitHub",
              HttpRequest.newBuilder(
                      URI.create(
                          publisher.getOrDefault(
                                  "MEDIC_PUBLISHER_GITHUB_ENDPOINT", "https://api.github.com")
                              + "/repos/"
                              + repository))
                  .header(
                      "Authorization",
                      "Bearer " + publisher.getOrDefault("MEDIC_PUBLISHER_GITHUB_TOKEN", ""))
                  .header("Accept", "application/vnd.github+json"),
              "the token must see " + repository + " (medic.publisher.github.token)"));
    }
    String slack = publisher.get("MEDIC_PUBLISHER_SLACK_TOKEN");
    if (slack != null) {
      checks.add(slack(publisher, slack));
    }
    String jira = publisher.get("MEDIC_PUBLISHER_JIRA_URL");
    if (jira != null) {
      String basic =
          publisher.getOrDefault("MEDIC_PUBLISHER_JIRA_EMAIL", "")
              + ":"
              + publisher.getOrDefault("MEDIC_PUBLISHER_JIRA_TOKEN", "");
      checks.add(
          answer(
              "Jira",
              HttpRequest.newBuilder(URI.create(jira + "/rest/api/3/myself"))
                  .header(
                      "Authorization",
                      "Basic "
                          + Base64.getEncoder()
                              .encodeToString(basic.getBytes(StandardCharsets.UTF_8))),
              "check medic.publisher.jira.email and medic.publisher.jira.token"));
    }
    String dbtCloud = context.get("MEDIC_CONTEXT_DBT_CLOUD_TOKEN");
    if (dbtCloud != null) {
      checks.add(
          answer(
              "dbt Cloud",
              HttpRequest.newBuilder(
                      URI.create(
                          context.getOrDefault(
                                  "MEDIC_CONTEXT_DBT_CLOUD_BASE_URL", "https://cloud.getdbt.com")
                              + "/api/v2/accounts/"))
                  .header("Authorization", "Token " + dbtCloud)
                  .header("Accept", "application/json"),
              "check medic.context.dbt-cloud.token and base-url"));
    }
  }

  /**
   * The coding agent's model endpoint takes its key: Anthropic's or OpenAI's {@code GET /v1/models}
   * at the base URL the agent is given ({@code ANTHROPIC_BASE_URL}, {@code OPENAI_BASE_URL}).
   */
  Doctor.Check model(Map<String, String> runner) throws InterruptedException {
    String env = "MEDIC_RUNNER_AGENT_ENV_";
    String kind = runner.getOrDefault("MEDIC_RUNNER_AGENT_KIND", "none");
    String name = "model endpoint (" + kind + ")";
    return switch (kind) {
      case "claude-code" -> {
        String key = runner.get(env + "ANTHROPIC_API_KEY");
        yield key == null
            ? new Doctor.Check(name, false, "no key: set medic.runner.agent.env.ANTHROPIC_API_KEY")
            : answer(
                name,
                HttpRequest.newBuilder(
                        URI.create(
                            runner.getOrDefault(
                                    env + "ANTHROPIC_BASE_URL", "https://api.anthropic.com")
                                + "/v1/models"))
                    .header("x-api-key", key)
                    .header("anthropic-version", "2023-06-01"),
                "check medic.runner.agent.env.ANTHROPIC_API_KEY and ANTHROPIC_BASE_URL");
      }
      case "codex" -> {
        String key = runner.get(env + "OPENAI_API_KEY");
        yield key == null
            ? new Doctor.Check(name, false, "no key: set medic.runner.agent.env.OPENAI_API_KEY")
            : answer(
                name,
                HttpRequest.newBuilder(
                        URI.create(
                            runner.getOrDefault(
                                    env + "OPENAI_BASE_URL", "https://api.openai.com/v1")
                                + "/models"))
                    .header("Authorization", "Bearer " + key),
                "check medic.runner.agent.env.OPENAI_API_KEY and OPENAI_BASE_URL");
      }
      default -> new Doctor.Check(name, true, "a command agent reaches its model by itself");
    };
  }

  /** Slack answers 200 with {@code ok: false} when the token is refused. */
  private Doctor.Check slack(Map<String, String> publisher, String token)
      throws InterruptedException {
    URI uri =
        URI.create(
            publisher.getOrDefault("MEDIC_PUBLISHER_SLACK_ENDPOINT", "https://slack.com/api")
                + "/auth.test");
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(uri)
                  .timeout(timeout)
                  .header("Authorization", "Bearer " + token)
                  .POST(HttpRequest.BodyPublishers.noBody())
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      boolean ok =
          response.statusCode() == 200 && response.body().replace(" ", "").contains("\"ok\":true");
      return ok
          ? new Doctor.Check("Slack", true, uri.getHost() + " takes the token")
          : new Doctor.Check(
              "Slack",
              false,
              "auth.test answered "
                  + response.statusCode()
                  + " "
                  + excerpt(response.body())
                  + ": check medic.publisher.slack.token");
    } catch (IOException e) {
      return new Doctor.Check("Slack", false, uri + " cannot be reached: " + e.getMessage());
    }
  }

  /** A GET that must answer 200. */
  Doctor.Check answer(String name, HttpRequest.Builder request, String fix)
      throws InterruptedException {
    HttpRequest built = request.timeout(timeout).GET().build();
    try {
      HttpResponse<String> response = http.send(built, HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200
          ? new Doctor.Check(name, true, built.uri().getHost() + " answers")
          : new Doctor.Check(
              name,
              false,
              built.uri()
                  + " answered "
                  + response.statusCode()
                  + " "
                  + excerpt(response.body())
                  + ": "
                  + fix);
    } catch (IOException e) {
      return new Doctor.Check(name, false, built.uri() + " cannot be reached: " + e.getMessage());
    }
  }

  private static String excerpt(String body) {
    String line = body == null ? "" : body.strip().replaceAll("\\s+", " ");
    return line.length() <= 160 ? line : line.substring(0, 160) + "…";
  }
}
