package io.pipelinemedic.publisher.slack;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pipelinemedic.schemas.model.FailureClass;
import io.pipelinemedic.schemas.model.RootCauseGroup;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** The incident message's Block Kit link buttons. */
final class SlackButtons {

  private SlackButtons() {}

  /** Link buttons: each fix's pull request, each report (on the page), the incident. */
  static ObjectNode of(
      List<RootCauseGroup> groups,
      Map<String, SlackMessages.Outcome> outcomes,
      String incidentUrl) {
    ObjectNode actions = JsonNodeFactory.instance.objectNode().put("type", "actions");
    ArrayNode elements = actions.putArray("elements");
    for (int i = 0; i < groups.size() && elements.size() < 20; i++) {
      RootCauseGroup group = groups.get(i);
      SlackMessages.Outcome outcome = outcomes.get(group.groupId());
      String url = outcome == null ? null : outcome.pullRequestUrl();
      String label = groups.size() == 1 ? "" : ": " + SlackMessages.name(group.rootCauseNode());
      if (url != null && url.matches("https?://\\S+")) {
        button(elements, "Pull request" + label, url, "pull-request-" + i);
      } else if (outcome != null && group.failureClass() == FailureClass.SOURCE) {
        String anchor = "#group-" + URLEncoder.encode(group.groupId(), StandardCharsets.UTF_8);
        button(elements, "Report" + label, incidentUrl + anchor, "report-" + i);
      }
    }
    button(elements, "Incident", incidentUrl, "incident");
    return actions;
  }

  private static void button(ArrayNode elements, String text, String url, String actionId) {
    ObjectNode button = elements.addObject().put("type", "button");
    button
        .putObject("text")
        .put("type", "plain_text")
        .put("text", text.length() > 75 ? text.substring(0, 74) + "…" : text);
    button.put("url", url).put("action_id", actionId);
  }
}
