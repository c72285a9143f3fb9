package io.pipelinemedic.publisher;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;

import io.pipelinemedic.service.http.ApiTokenAuthentication;
import io.pipelinemedic.testsupport.KafkaBrokerResource;
import io.pipelinemedic.testsupport.PostgresResource;
import io.pipelinemedic.testsupport.SignedIn;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

/**
 * The incidents, their rows and drafts are read only with the stack's API token: an API call
 * without it or with another is a 401; a browser is sent to the login page, where the token becomes
 * an HTTP-only, same-site cookie the page's requests carry. Health stays open.
 */
@QuarkusTest
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
class SignInServiceTest {

  @Test
  void theApiAnswersOnlyTheToken() {
    given()
        .get("/incidents")
        .then()
        .statusCode(401)
        .header("WWW-Authenticate", containsString("Bearer"));
    given().auth().oauth2("not-the-token").get("/incidents/summary").then().statusCode(401);
    given().auth().oauth2(SignedIn.TOKEN).get("/incidents").then().statusCode(200);
    given().get("/q/health/live").then().statusCode(200);
  }

  @Test
  void aSignInLinkLeadsOnlyWithinTheService() {
    Response link =
        given()
            .redirects()
            .follow(false)
            .get("/login?token=" + SignedIn.TOKEN + "&next=/?incident=inc-1");
    assertThat(link.statusCode()).isEqualTo(303);
    assertThat(link.header("Location")).endsWith("/?incident=inc-1");
    assertThat(link.header("Set-Cookie")).startsWith(ApiTokenAuthentication.COOKIE + "=");

    for (String elsewhere : new String[] {"//evil.example/", "https://evil.example/", "/\\x"}) {
      Response away =
          given()
              .redirects()
              .follow(false)
              .queryParam("token", SignedIn.TOKEN)
              .queryParam("next", elsewhere)
              .get("/login");
      assertThat(away.header("Location")).as(elsewhere).doesNotContain("evil").endsWith("/");
    }
    given().redirects().follow(false).get("/login?token=guess").then().statusCode(401);
  }

  @Test
  void aBrowserSignsInOnTheLoginPageAndKeepsACookie() {
    given()
        .redirects()
        .follow(false)
        .accept("text/html")
        .get("/")
        .then()
        .statusCode(302)
        .header("Location", endsWith("/login.html"));
    given().get("/login.html").then().statusCode(200).body(containsString("name=\"token\""));

    Response wrong = given().redirects().follow(false).formParam("token", "guess").post("/login");
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(wrong.header("Set-Cookie")).isNull();

    Response right =
        given().redirects().follow(false).formParam("token", SignedIn.TOKEN).post("/login");
    assertThat(right.statusCode()).isEqualTo(303);
    assertThat(right.header("Set-Cookie"))
        .startsWith(ApiTokenAuthentication.COOKIE + "=")
        .containsIgnoringCase("HttpOnly")
        .containsIgnoringCase("SameSite=Strict");
    given()
        .cookie(ApiTokenAuthentication.COOKIE, SignedIn.TOKEN)
        .get("/incidents")
        .then()
        .statusCode(200);
    assertThat(right.header("Set-Cookie"))
        .as("plain HTTP here")
        .doesNotContainIgnoringCase("Secure");

    Response behindTls =
        given()
            .redirects()
            .follow(false)
            .header("X-Forwarded-Proto", "https")
            .formParam("token", SignedIn.TOKEN)
            .post("/login");
    assertThat(behindTls.header("Set-Cookie"))
        .as("behind a proxy that ends TLS")
        .containsIgnoringCase("Secure");
  }
}
