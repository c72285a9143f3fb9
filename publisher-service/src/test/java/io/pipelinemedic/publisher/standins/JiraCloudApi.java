package io.pipelinemedic.publisher.standins;

import static io.pipelinemedic.publisher.standins.JsonAnswers.send;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local stand-in for Jira Cloud's REST API v3: create issue ({@code POST /rest/api/3/issue}, 201
 * with {@code id, key, self}; 400 with {@code errorMessages} and {@code errors} by field for an
 * unknown project or issue type, a missing summary or a description that is not an Atlassian
 * Document Format {@code doc}), add comment ({@code POST /rest/api/3/issue/{key}/comment}, 201),
 * the transitions of an issue's workflow ({@code GET /rest/api/3/issue/{key}/transitions}: To Do,
 * In Progress and Done with their status categories, or only the first two for a workflow without a
 * way to done) and doing one ({@code POST}, 204; 400 for a transition the workflow does not offer),
 * with Basic auth (email and API token; 401 otherwise).
 */
public final class JiraCloudApi implements AutoCloseable {

  private static final ObjectMapper JSON = JsonAnswers.JSON;
  private static final Pattern COMMENT = Pattern.compile("/rest/api/3/issue/([A-Z]+-\\d+)/comment");
  private static final Pattern TRANSITIONS =
      Pattern.compile("/rest/api/3/issue/([A-Z]+-\\d+)/transitions");

  /** The workflow's statuses: id, name, status category key. */
  private static final List<List<String>> WORKFLOW =
      List.of(
          List.of("11", "To Do", "new"),
          List.of("21", "In Progress", "indeterminate"),
          List.of("31", "Done", "done"));

  /** Each issue's status, by key; a new issue is To Do. */
  public final Map<String, String> statuses = new ConcurrentHashMap<>();

  /** Whether the workflow has a transition to Done. */
  public volatile boolean doneReachable = true;

  /** Issues created, by key: their fields as sent. */
  public final Map<String, JsonNode> issues = new ConcurrentHashMap<>();

  /** Comments added, by issue key, in order: their body as sent. */
  public final Map<String, List<JsonNode>> comments = new ConcurrentHashMap<>();

  private final String authorization;
  private final Set<String> projects;
  private final HttpServer server;

  /**
   * @param email the account it accepts
   * @param token the API token it accepts
   * @param projects the project keys that exist
   */
  public JiraCloudApi(String email, String token, Set<String> projects) throws IOException {
    this.authorization =
        "Basic "
            + Base64.getEncoder()
                .encodeToString((email + ":" + token).getBytes(StandardCharsets.UTF_8));
    this.projects = projects;
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/rest/api/3/", this::handle);
    server.start();
  }

  /** The site, for {@code medic.publisher.jira.url}. */
  public String site() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!authorization.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
        exchange.sendResponseHeaders(401, -1);
        return;
      }
      String path = exchange.getRequestURI().getPath();
      JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
      Matcher comment = COMMENT.matcher(path);
      Matcher transitions = TRANSITIONS.matcher(path);
      if (transitions.matches() && !issues.containsKey(transitions.group(1))) {
        send(exchange, 404, errors(List.of("Issue does not exist."), Map.of()));
      } else if ("GET".equals(exchange.getRequestMethod()) && transitions.matches()) {
        send(exchange, 200, transitions());
      } else if ("POST".equals(exchange.getRequestMethod()) && transitions.matches()) {
        String id = body.at("/transition/id").asText();
        List<String> to =
            offered().stream().filter(status -> status.get(0).equals(id)).findFirst().orElse(null);
        if (to == null) {
          send(
              exchange, 400, errors(List.of("Transition id '" + id + "' is not valid."), Map.of()));
          return;
        }
        statuses.put(transitions.group(1), to.get(1));
        exchange.sendResponseHeaders(204, -1);
      } else if ("POST".equals(exchange.getRequestMethod()) && path.equals("/rest/api/3/issue")) {
        create(exchange, body.path("fields"));
      } else if ("POST".equals(exchange.getRequestMethod()) && comment.matches()) {
        String key = comment.group(1);
        if (!issues.containsKey(key)) {
          send(
              exchange,
              404,
              errors(
                  List.of("Issue does not exist or you do not have permission to see it."),
                  Map.of()));
          return;
        }
        if (!"doc".equals(body.at("/body/type").asText())) {
          send(exchange, 400, errors(List.of(), Map.of("comment", "Comment body is not valid!")));
          return;
        }
        List<JsonNode> list = comments.computeIfAbsent(key, k -> new CopyOnWriteArrayList<>());
        list.add(body.path("body"));
        ObjectNode answer = JSON.createObjectNode().put("id", String.valueOf(10_000 + list.size()));
        answer.put(
            "self", site() + "/rest/api/3/issue/" + key + "/comment/" + (10_000 + list.size()));
        answer.set("body", body.path("body"));
        send(exchange, 201, answer);
      } else {
        send(exchange, 404, errors(List.of("No resource at " + path), Map.of()));
      }
    }
  }

  private void create(HttpExchange exchange, JsonNode fields) throws IOException {
    Map<String, String> problems = new LinkedHashMap<>();
    if (!projects.contains(fields.at("/project/key").asText())) {
      problems.put("project", "Specify a valid project ID or key");
    }
    if (!Set.of("Task", "Bug", "Story").contains(fields.at("/issuetype/name").asText())) {
      problems.put("issuetype", "Specify an issue type");
    }
    if (fields.path("summary").asText().isBlank()) {
      problems.put("summary", "You must specify a summary of the issue.");
    } else if (fields.path("summary").asText().length() > 255) {
      problems.put("summary", "Summary must be less than 255 characters.");
    }
    if (fields.has("description")
        && (!"doc".equals(fields.at("/description/type").asText())
            || fields.at("/description/version").asInt() != 1)) {
      problems.put("description", "Operation value must be an Atlassian Document.");
    }
    if (!problems.isEmpty()) {
      send(exchange, 400, errors(List.of(), problems));
      return;
    }
    String key = fields.at("/project/key").asText() + "-" + (issues.size() + 1);
    issues.put(key, fields);
    statuses.put(key, "To Do");
    ObjectNode answer = JSON.createObjectNode().put("id", String.valueOf(20_000 + issues.size()));
    answer.put("key", key).put("self", site() + "/rest/api/3/issue/" + (20_000 + issues.size()));
    send(exchange, 201, answer);
  }

  private List<List<String>> offered() {
    return doneReachable ? WORKFLOW : WORKFLOW.subList(0, 2);
  }

  private ObjectNode transitions() {
    ObjectNode answer = JSON.createObjectNode().put("expand", "transitions");
    var list = answer.putArray("transitions");
    for (List<String> status : offered()) {
      ObjectNode transition = list.addObject().put("id", status.get(0)).put("name", status.get(1));
      ObjectNode to = transition.putObject("to");
      to.put("self", site() + "/rest/api/3/status/100" + status.get(0));
      to.put("description", "").put("iconUrl", site() + "/images/icons/statuses/generic.png");
      to.put("name", status.get(1)).put("id", "100" + status.get(0));
      ObjectNode category = to.putObject("statusCategory");
      category.put("self", site() + "/rest/api/3/statuscategory/" + status.get(2));
      category.put(
          "id",
          switch (status.get(2)) {
            case "new" -> 2;
            case "indeterminate" -> 4;
            default -> 3;
          });
      category.put("key", status.get(2)).put("colorName", "blue-gray").put("name", status.get(1));
      transition.put("hasScreen", false).put("isGlobal", true).put("isInitial", false);
      transition.put("isAvailable", true).put("isConditional", false).put("isLooped", false);
    }
    return answer;
  }

  private static ObjectNode errors(List<String> messages, Map<String, String> byField) {
    ObjectNode body = JSON.createObjectNode();
    var list = body.putArray("errorMessages");
    messages.forEach(list::add);
    ObjectNode errors = body.putObject("errors");
    byField.forEach(errors::put);
    return body;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
