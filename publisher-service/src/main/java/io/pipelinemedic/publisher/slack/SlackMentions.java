package io.pipelinemedic.publisher.slack;

import io.pipelinemedic.schemas.model.Owner;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Owners as Slack mentions ({@code medic.publisher.slack.mentions."<owner>"}): a user id ({@code
 * U…}, {@code W…}) becomes {@code <@U…>}, a user group id ({@code S…}) {@code <!subteam^S…>}; an
 * owner without one, or with something that is not an id, is its name as text.
 */
public record SlackMentions(Map<String, String> ids) {

  private static final Pattern ID = Pattern.compile("[UWS][A-Z0-9]{2,30}");

  /** No owner mapped: every owner is its name. */
  public static final SlackMentions NONE = new SlackMentions(Map.of());

  /** The owner as the message names it, or {@code null} without one. */
  public String of(Owner owner) {
    if (owner == null || owner.name() == null) {
      return null;
    }
    String id = ids.get(owner.name());
    if (id == null || !ID.matcher(id).matches()) {
      return SlackMessages.escape(owner.name());
    }
    return id.startsWith("S") ? "<!subteam^" + id + ">" : "<@" + id + ">";
  }
}
