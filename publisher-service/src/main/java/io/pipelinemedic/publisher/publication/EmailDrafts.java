package io.pipelinemedic.publisher.publication;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.pipelinemedic.schemas.EventJson;
import io.pipelinemedic.schemas.model.EmailDraft;
import java.io.UncheckedIOException;

/**
 * SOURCE reports' email drafts as an outcome channel: nothing is sent; the draft is kept in the
 * publication record (its addressee as the link, the draft as JSON) for a person to send. The
 * receipt is the draft.
 */
public final class EmailDrafts implements OutcomeChannel<EmailDraft> {

  @Override
  public String name() {
    return "email";
  }

  @Override
  public String link(EmailDraft receipt) {
    return receipt.to();
  }

  @Override
  public String detail(EmailDraft receipt) {
    try {
      return EventJson.mapper().writeValueAsString(receipt);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public EmailDraft receipt(String link, String detail) {
    try {
      return EventJson.mapper().readValue(detail, EmailDraft.class);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
