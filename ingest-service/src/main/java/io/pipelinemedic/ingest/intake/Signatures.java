package io.pipelinemedic.ingest.intake;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Checks webhook signatures and tokens in constant time, before anything parses the body. */
public final class Signatures {

  private Signatures() {}

  /**
   * Whether {@code signature} is the hex HMAC-SHA256 of {@code body} keyed with {@code secret} (dbt
   * Cloud's {@code Authorization} header: lowercase hex, no prefix).
   */
  public static boolean hmacMatches(String secret, byte[] body, String signature) {
    if (signature == null || signature.isBlank()) {
      return false;
    }
    String expected = HexFormat.of().formatHex(hmacSha256(secret, body));
    return constantTimeEquals(expected, signature.trim().toLowerCase(Locale.ROOT));
  }

  /** Whether {@code authorization} is {@code Bearer <token>}. */
  public static boolean bearerMatches(String token, String authorization) {
    return authorization != null
        && authorization.startsWith("Bearer ")
        && constantTimeEquals(token, authorization.substring("Bearer ".length()).trim());
  }

  /** Whether {@code presented} is the hex digest {@code expectedHex}, in any case. */
  public static boolean hexMatches(String expectedHex, String presented) {
    return presented != null
        && constantTimeEquals(expectedHex, presented.trim().toLowerCase(Locale.ROOT));
  }

  /** An HMAC-SHA256 keyed with {@code secret}, for a body read in pieces. */
  public static Mac hmac(String secret) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  private static byte[] hmacSha256(String secret, byte[] body) {
    return hmac(secret).doFinal(body);
  }

  private static boolean constantTimeEquals(String expected, String presented) {
    return MessageDigest.isEqual(
        expected.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
  }
}
