package io.pipelinemedic.publisher.jira;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pipelinemedic.publisher.publication.ChannelHttp;
import io.pipelinemedic.schemas.SourceReported;
import io.pipelinemedic.schemas.model.Evidence;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * SOURCE reports as Jira Cloud tickets (REST v3, Basic auth with an API token): one ticket per
 * report with its description in Atlassian Document Format (the root cause, the diagnostic queries
 * as SQL code blocks with their results, next steps, the failures it causes, links); a report of a
 * root cause that already has a ticket is added to it as a comment.
 *
 * @param http the client
 * @param site the Jira site, e.g. {@code https://shop.atlassian.net}
 * @param email the API token's account
 * @param token the API token
 * @param project the project key
 * @param issueType the issue type's name
 * @param labels labels every ticket gets
 */
public record JiraTickets(
    ChannelHttp http,
    String site,
    String email,
    String token,
    String project,
    String issueType,
    List<String> labels) {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /**
   * A ticket.
   *
   * @param key its key, e.g. {@code DATA-42}
   * @param url its page
   */
  public record Ticket(String key, String url) {}

  /** Opens a ticket for {@code report}. */
  public Ticket open(SourceReported report, String incidentUrl) throws IOException {
    ObjectNode fields = NODES.objectNode();
    fields.putObject("project").put("key", project);
    fields.putObject("issuetype").put("name", issueType);
    fields.put("summary", summary(report));
    ArrayNode labelArray = fields.putArray("labels");
    labels.forEach(labelArray::add);
    fields.set("description", description(report, incidentUrl));
    ObjectNode body = NODES.objectNode();
    body.set("fields", fields);
    JsonNode answer = http.post(URI.create(site + "/rest/api/3/issue"), auth(), body);
    String key = answer.path("key").asText(null);
    if (key == null) {
      throw new IOException("Jira answered without an issue key: " + answer);
    }
    return new Ticket(key, site + "/browse/" + key);
  }

  /** Adds {@code report} to the ticket {@code key} as a comment. */
  public Ticket comment(String key, SourceReported report, String incidentUrl) throws IOException {
    ObjectNode body = NODES.objectNode();
    body.set("body", description(report, incidentUrl));
    http.post(URI.create(site + "/rest/api/3/issue/" + key + "/comment"), auth(), body);
    return new Ticket(key, site + "/browse/" + key);
  }

  /** Comments {@code text} on the ticket {@code key}. */
  public void remark(String key, String text) throws IOException {
    ObjectNode body = NODES.objectNode();
    ObjectNode doc = body.putObject("body").put("type", "doc").put("version", 1);
    paragraph(doc.putArray("content"), text);
    http.post(URI.create(site + "/rest/api/3/issue/" + key + "/comment"), auth(), body);
  }

  /**
   * Moves the ticket {@code key} to a done status when its workflow offers a transition there (to
   * the status named Done, else the first whose status category is {@code done}); what was done.
   */
  public String moveToDone(String key) throws IOException {
    URI transitions = URI.create(site + "/rest/api/3/issue/" + key + "/transitions");
    JsonNode done = null;
    for (JsonNode transition : http.get(transitions, auth()).path("transitions")) {
      boolean toDone = "done".equals(transition.at("/to/statusCategory/key").asText());
      if (toDone && (done == null || "Done".equalsIgnoreCase(transition.at("/to/name").asText()))) {
        done = transition;
      }
    }
    if (done == null) {
      return "the workflow offers no transition to a done status";
    }
    ObjectNode move = NODES.objectNode();
    move.putObject("transition").put("id", done.path("id").asText());
    http.post(transitions, auth(), move);
    return "moved to " + done.at("/to/name").asText("done");
  }

  /** The ticket's one-line summary. */
  static String summary(SourceReported report) {
    return "Source data problem in "
        + (report.relationName() != null ? report.relationName() : report.rootCauseNode());
  }

  /** The report as an Atlassian Document Format document. */
  static ObjectNode description(SourceReported report, String incidentUrl) {
    ObjectNode doc = NODES.objectNode().put("type", "doc").put("version", 1);
    ArrayNode content = doc.putArray("content");
    paragraph(content, report.summary());
    if (report.owner() != null) {
      paragraph(content, "Owner of the data: " + report.owner().name());
    }
    if (!report.diagnostics().isEmpty()) {
      heading(content, "Diagnostics (read-only queries, run by Pipeline Medic)");
      for (Evidence evidence : report.diagnostics()) {
        paragraph(content, evidence.summary());
        if (evidence.query() != null) {
          code(content, evidence.query().strip(), "sql");
        }
        if (evidence.result() != null && !evidence.result().isBlank()) {
          code(content, evidence.result().strip(), null);
        }
      }
    }
    if (!report.nextSteps().isEmpty()) {
      heading(content, "Next steps");
      bullets(content, report.nextSteps());
    }
    if (!report.cascades().isEmpty()) {
      heading(content, "Failures it causes downstream");
      bullets(content, report.cascades());
    }
    paragraph(
        content,
        "Incident: "
            + incidentUrl
            + (report.reportUri() == null ? "" : " · full report: " + report.reportUri()));
    return doc;
  }

  private Map<String, String> auth() {
    String basic =
        Base64.getEncoder().encodeToString((email + ":" + token).getBytes(StandardCharsets.UTF_8));
    return Map.of("Authorization", "Basic " + basic, "Accept", "application/json");
  }

  private static void paragraph(ArrayNode content, String text) {
    if (text == null || text.isBlank()) {
      return;
    }
    ObjectNode paragraph = content.addObject().put("type", "paragraph");
    paragraph.putArray("content").addObject().put("type", "text").put("text", text);
  }

  private static void heading(ArrayNode content, String text) {
    ObjectNode heading = content.addObject().put("type", "heading");
    heading.putObject("attrs").put("level", 3);
    heading.putArray("content").addObject().put("type", "text").put("text", text);
  }

  private static void code(ArrayNode content, String text, String language) {
    ObjectNode block = content.addObject().put("type", "codeBlock");
    if (language != null) {
      block.putObject("attrs").put("language", language);
    }
    block.putArray("content").addObject().put("type", "text").put("text", text);
  }

  private static void bullets(ArrayNode content, List<String> items) {
    ArrayNode list = content.addObject().put("type", "bulletList").putArray("content");
    for (String item : items) {
      ObjectNode paragraph =
          list.addObject().put("type", "listItem").putArray("content").addObject();
      paragraph.put("type", "paragraph");
      paragraph.putArray("content").addObject().put("type", "text").put("text", item);
    }
  }
}
