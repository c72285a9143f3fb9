package io.pipelinemedic.publisher.standins;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The git data and contents parts of the GitHub stand-in, in GitHub's shapes: get a reference
 * ({@code GET git/ref(s)/heads/NAME}, 404 when absent), create one ({@code POST git/refs}, 201; 422
 * "Reference already exists"), get a file on a branch ({@code GET contents/PATH?ref=}, 404 when
 * absent) and create one ({@code PUT contents/PATH}, 201 with the content and the commit; 422 when
 * it exists and no {@code sha} was given).
 */
public final class GitHubFiles {

  private static final ObjectMapper JSON = JsonAnswers.JSON;

  /** Branches created through the API: name to head commit. */
  public final Map<String, String> branches = new ConcurrentHashMap<>();

  /** Files committed through the API: {@code branch:path} to their text. */
  public final Map<String, String> files = new ConcurrentHashMap<>();

  /** An answer: its status and body. */
  record Answer(int status, JsonNode body) {}

  /**
   * The answer to {@code method} on {@code tail} (the path after the repository's), or null when it
   * is not a git data or contents call.
   */
  Answer handle(
      String method, String tail, String query, JsonNode body, String mainSha, String url) {
    if ("GET".equals(method) && tail.matches("/git/refs?/heads/.+")) {
      String branch = tail.substring(tail.indexOf("/heads/") + "/heads/".length());
      String sha = branch.equals("main") ? mainSha : branches.get(branch);
      return sha == null ? notFound() : new Answer(200, ref(branch, sha, url));
    }
    if ("POST".equals(method) && tail.equals("/git/refs")) {
      String ref = body.path("ref").asText();
      String branch = ref.replaceFirst("^refs/heads/", "");
      if (branch.equals("main")
          || branches.putIfAbsent(branch, body.path("sha").asText()) != null) {
        return new Answer(
            422,
            JSON.createObjectNode()
                .put("message", "Reference already exists")
                .put(
                    "documentation_url",
                    "https://docs.github.com/rest/git/refs#create-a-reference"));
      }
      return new Answer(201, ref(branch, body.path("sha").asText(), url));
    }
    if (tail.startsWith("/contents/")) {
      String path = tail.substring("/contents/".length());
      if ("GET".equals(method)) {
        String branch = query != null && query.startsWith("ref=") ? query.substring(4) : "main";
        String text = files.get(branch + ":" + path);
        return text == null ? notFound() : new Answer(200, content(path, text, url));
      }
      if ("PUT".equals(method)) {
        String branch = body.path("branch").asText("main");
        String text =
            new String(
                Base64.getMimeDecoder().decode(body.path("content").asText()),
                StandardCharsets.UTF_8);
        if (files.containsKey(branch + ":" + path) && !body.hasNonNull("sha")) {
          return new Answer(
              422,
              JSON.createObjectNode()
                  .put("message", "Invalid request.\n\n\"sha\" wasn't supplied."));
        }
        files.put(branch + ":" + path, text);
        String commit = UUID.randomUUID().toString().replace("-", "") + "00000000";
        branches.put(branch, commit);
        ObjectNode answer = JSON.createObjectNode();
        answer.set("content", content(path, text, url));
        ObjectNode made =
            answer.putObject("commit").put("sha", commit).put("node_id", "C_" + commit);
        made.put("url", url + "/git/commits/" + commit);
        made.put("message", body.path("message").asText());
        return new Answer(201, answer);
      }
    }
    return null;
  }

  private static Answer notFound() {
    return new Answer(
        404,
        JSON.createObjectNode()
            .put("message", "Not Found")
            .put("documentation_url", "https://docs.github.com/rest"));
  }

  private static ObjectNode ref(String branch, String sha, String url) {
    ObjectNode ref = JSON.createObjectNode().put("ref", "refs/heads/" + branch);
    ref.put("node_id", "REF_" + branch).put("url", url + "/git/refs/heads/" + branch);
    ref.putObject("object")
        .put("sha", sha)
        .put("type", "commit")
        .put("url", url + "/git/commits/" + sha);
    return ref;
  }

  private static ObjectNode content(String path, String text, String url) {
    ObjectNode content = JSON.createObjectNode().put("type", "file").put("encoding", "base64");
    content.put("size", text.getBytes(StandardCharsets.UTF_8).length);
    content.put("name", path.substring(path.lastIndexOf('/') + 1)).put("path", path);
    content.put(
        "content", Base64.getMimeEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8)));
    content.put("sha", Integer.toHexString(text.hashCode()) + "0".repeat(32));
    content.put("url", url + "/contents/" + path);
    content.putNull("download_url");
    return content;
  }
}
