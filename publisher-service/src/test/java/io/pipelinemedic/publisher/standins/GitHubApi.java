package io.pipelinemedic.publisher.standins;

import static io.pipelinemedic.publisher.standins.JsonAnswers.send;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * A local stand-in for the GitHub REST API v3, one repository, as much as opening and updating pull
 * requests needs: the repository, open pull requests (list, get one, create with 422 when one is
 * open for the head, or when the head branch is not in the repository's git remote), labels, review
 * requests, users and issue comments, in GitHub's JSON shapes.
 */
public final class GitHubApi implements AutoCloseable {

  private static final ObjectMapper JSON = JsonAnswers.JSON;
  private static final Pattern PULL =
      Pattern.compile(
          "/repos/([^/]+)/([^/]+)/(pulls|issues)/(\\d+)/(labels|requested_reviewers|comments)");

  public final Map<Integer, ObjectNode> pulls = new ConcurrentHashMap<>();
  public final List<JsonNode> comments = new CopyOnWriteArrayList<>();

  /** Branches and files made through the API (the KB drafts). */
  public final GitHubFiles files = new GitHubFiles();

  private final String owner;
  private final String name;
  private final Path remote;
  private final HttpServer server;

  /** The repository {@code owner/name}, without a git remote behind it. */
  public GitHubApi(String owner, String name) throws IOException {
    this(owner, name, null);
  }

  /** The repository {@code owner/name} whose branches are those of the bare git {@code remote}. */
  public GitHubApi(String owner, String name, Path remote) throws IOException {
    this.owner = owner;
    this.name = name;
    this.remote = remote;
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  /** Closes every open pull request, as merging them would. */
  public void closeAll() {
    pulls.values().forEach(pull -> pull.put("state", "closed"));
  }

  public String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      String method = exchange.getRequestMethod();
      String repo = "/repos/" + owner + "/" + name;
      JsonNode body =
          "POST".equals(method) || "PUT".equals(method)
              ? JSON.readTree(exchange.getRequestBody().readAllBytes())
              : null;
      GitHubFiles.Answer file =
          path.startsWith(repo + "/")
              ? files.handle(
                  method,
                  path.substring(repo.length()),
                  exchange.getRequestURI().getQuery(),
                  body,
                  mainSha(),
                  endpoint() + repo)
              : null;
      if (file != null) {
        send(exchange, file.status(), file.body());
      } else if ("GET".equals(method) && path.equals(repo)) {
        ObjectNode repository = JSON.createObjectNode().put("id", 1).put("name", name);
        repository.put("full_name", owner + "/" + name).put("private", true);
        repository.putObject("owner").put("login", owner).put("id", 2).put("type", "Organization");
        repository.put("html_url", "https://github.example/" + owner + "/" + name);
        repository.put("url", endpoint() + repo).put("default_branch", "main");
        send(exchange, 200, repository);
      } else if ("GET".equals(method) && path.equals(repo + "/pulls")) {
        ArrayNode open = JSON.createArrayNode();
        pulls.values().stream()
            .filter(p -> "open".equals(p.path("state").asText()))
            .forEach(open::add);
        send(exchange, 200, open);
      } else if ("POST".equals(method) && path.equals(repo + "/pulls")) {
        String head = body.path("head").asText();
        boolean exists =
            pulls.values().stream()
                .anyMatch(
                    p ->
                        "open".equals(p.path("state").asText())
                            && head.equals(p.at("/head/ref").asText()));
        if (remote != null && !branchExists(head) && !files.branches.containsKey(head)) {
          ObjectNode error = JSON.createObjectNode().put("message", "Validation Failed");
          error
              .putArray("errors")
              .addObject()
              .put("resource", "PullRequest")
              .put("field", "head")
              .put("code", "invalid");
          error.put(
              "documentation_url",
              "https://docs.github.com/rest/pulls/pulls#create-a-pull-request");
          send(exchange, 422, error);
          return;
        }
        if (exists) {
          ObjectNode error = JSON.createObjectNode().put("message", "Validation Failed");
          error
              .putArray("errors")
              .addObject()
              .put("resource", "PullRequest")
              .put("code", "custom")
              .put("message", "A pull request already exists for " + owner + ":" + head + ".");
          error.put(
              "documentation_url",
              "https://docs.github.com/rest/pulls/pulls#create-a-pull-request");
          send(exchange, 422, error);
          return;
        }
        int number = pulls.size() + 1;
        ObjectNode pull = JSON.createObjectNode().put("id", 100 + number).put("number", number);
        pull.put("state", "open").put("title", body.path("title").asText());
        pull.put("body", body.path("body").asText()).put("draft", body.path("draft").asBoolean());
        pull.put("html_url", "https://github.example/" + owner + "/" + name + "/pull/" + number);
        pull.put("url", endpoint() + repo + "/pulls/" + number);
        pull.put("issue_url", endpoint() + repo + "/issues/" + number);
        pull.putObject("head").put("ref", head).put("label", owner + ":" + head);
        pull.putObject("base").put("ref", body.path("base").asText());
        pull.putObject("user").put("login", "pipeline-medic").put("id", 3).put("type", "Bot");
        pull.putArray("labels");
        pull.putArray("requested_reviewers");
        pull.put("created_at", "2026-11-21T04:02:00Z").put("updated_at", "2026-11-21T04:02:00Z");
        pulls.put(number, pull);
        send(exchange, 201, pull);
      } else if ("GET".equals(method) && path.matches(repo + "/pulls/\\d+")) {
        ObjectNode pull = pulls.get(Integer.parseInt(path.substring(path.lastIndexOf('/') + 1)));
        if (pull == null) {
          send(exchange, 404, JSON.createObjectNode().put("message", "Not Found"));
        } else {
          send(exchange, 200, pull);
        }
      } else if ("GET".equals(method) && path.startsWith("/users/")) {
        String login = path.substring("/users/".length());
        send(
            exchange,
            200,
            JSON.createObjectNode()
                .put("login", login)
                .put("id", login.hashCode() & 0xffff)
                .put("type", "User"));
      } else if ("POST".equals(method) && PULL.matcher(path).matches()) {
        Matcher m = PULL.matcher(path);
        m.matches();
        ObjectNode pull = pulls.get(Integer.parseInt(m.group(4)));
        if (pull == null) {
          send(exchange, 404, JSON.createObjectNode().put("message", "Not Found"));
          return;
        }
        switch (m.group(5)) {
          case "labels" -> {
            ArrayNode labels = (ArrayNode) pull.get("labels");
            body.path("labels")
                .forEach(
                    label -> labels.addObject().put("name", label.asText()).put("color", "ededed"));
            send(exchange, 200, labels);
          }
          case "requested_reviewers" -> {
            ArrayNode reviewers = (ArrayNode) pull.get("requested_reviewers");
            body.path("reviewers")
                .forEach(login -> reviewers.addObject().put("login", login.asText()));
            send(exchange, 201, pull);
          }
          default -> {
            ObjectNode comment = JSON.createObjectNode().put("id", 500 + comments.size());
            comment
                .put("body", body.path("body").asText())
                .put("issue_url", pull.path("issue_url").asText());
            comment.put(
                "html_url",
                pull.path("html_url").asText() + "#issuecomment-" + (500 + comments.size()));
            comment.putObject("user").put("login", "pipeline-medic");
            comment.put("created_at", "2026-11-22T04:02:00Z");
            comments.add(comment);
            send(exchange, 201, comment);
          }
        }
      } else {
        send(
            exchange,
            404,
            JSON.createObjectNode().put("message", "Not Found: " + method + " " + path));
      }
    }
  }

  private String mainSha() throws IOException {
    if (remote == null) {
      return "0".repeat(40);
    }
    try (Repository repository = new FileRepositoryBuilder().setGitDir(remote.toFile()).build()) {
      return repository.exactRef("refs/heads/main").getObjectId().name();
    }
  }

  private boolean branchExists(String branch) throws IOException {
    try (Repository repository = new FileRepositoryBuilder().setGitDir(remote.toFile()).build()) {
      return repository.exactRef("refs/heads/" + branch) != null;
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
