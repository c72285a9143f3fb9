package io.pipelinemedic.testsupport;

import io.restassured.RestAssured;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A test class's REST Assured requests carry the test profile's API token ({@code
 * %test.medic.api.token}), as a signed-in operator's would: {@code @ExtendWith(SignedIn.class)}.
 */
public final class SignedIn implements BeforeAllCallback, AfterAllCallback {

  /** The token the services' test profile accepts. */
  public static final String TOKEN = "test-api-token";

  @Override
  public void beforeAll(ExtensionContext context) {
    RestAssured.replaceFiltersWith(
        (request, response, next) -> {
          if (!request.getHeaders().hasHeaderWithName("Authorization")) {
            request.header("Authorization", "Bearer " + TOKEN);
          }
          return next.next(request, response);
        });
  }

  @Override
  public void afterAll(ExtensionContext context) {
    RestAssured.replaceFiltersWith(List.of());
  }
}
