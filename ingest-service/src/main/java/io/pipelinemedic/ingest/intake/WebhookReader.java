package io.pipelinemedic.ingest.intake;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pipelinemedic.ingest.config.IngestConfig;
import io.pipelinemedic.schemas.model.RunSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.List;

/**
 * Turns a raw webhook body into a payload in the only safe order: size, then signature (over the
 * raw bytes, in constant time), then JSON, then required fields. Each refusal names its reason.
 */
@ApplicationScoped
public class WebhookReader {

  @Inject ObjectMapper json;
  @Inject IngestConfig config;

  public <T extends WebhookPayload> T read(
      RunSource source, String secret, String signature, byte[] body, Class<T> type) {
    verify(source.name(), secret, "Authorization", signature, body);
    return parse(source.name(), body, type);
  }

  /**
   * Checks the body's size and its signature, the hex HMAC-SHA256 that {@code header} carried as
   * {@code signature}.
   */
  public void verify(String reporter, String secret, String header, String signature, byte[] body) {
    if (body.length > config.webhookMaxBytes()) {
      throw new RejectedDelivery(
          reporter, 413, "body of " + body.length + " bytes exceeds " + config.webhookMaxBytes());
    }
    if (signature == null || signature.isBlank()) {
      throw new RejectedDelivery(reporter, 401, "missing signature in the " + header + " header");
    }
    if (!Signatures.hmacMatches(secret, body, signature)) {
      throw new RejectedDelivery(reporter, 401, "signature does not match the body");
    }
  }

  /** The verified {@code body} as a payload: JSON, then its required fields. */
  public <T extends WebhookPayload> T parse(String reporter, byte[] body, Class<T> type) {
    T payload;
    try {
      payload = json.readValue(body, type);
    } catch (JsonProcessingException e) {
      throw new RejectedDelivery(reporter, 400, "malformed JSON: " + describe(e));
    } catch (IOException e) {
      throw new RejectedDelivery(reporter, 400, "unreadable body: " + e.getMessage());
    }
    if (payload == null) {
      throw new RejectedDelivery(reporter, 400, "malformed JSON: empty body");
    }
    List<String> problems = payload.problems();
    if (!problems.isEmpty()) {
      throw new RejectedDelivery(reporter, 400, String.join("; ", problems));
    }
    return payload;
  }

  private static String describe(JsonProcessingException e) {
    JsonLocation at = e.getLocation();
    return at == null
        ? e.getOriginalMessage()
        : e.getOriginalMessage()
            + " (line "
            + at.getLineNr()
            + ", column "
            + at.getColumnNr()
            + ")";
  }
}
