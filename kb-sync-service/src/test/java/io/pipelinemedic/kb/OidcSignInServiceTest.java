package io.pipelinemedic.kb;

import static io.restassured.RestAssured.given;

import io.pipelinemedic.testsupport.KafkaBrokerResource;
import io.pipelinemedic.testsupport.PostgresResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.lang.JoseException;
import org.junit.jupiter.api.Test;

/**
 * kb-sync-service behind the team's identity provider, through Quarkus' OIDC extension: access
 * tokens signed by the provider's key (given as its public key, as an operator may instead of its
 * discovery URL) are read for their {@code groups}; a viewer reads the KB but may not start a sync,
 * an operator may; a token signed by another key, or none, is a 401.
 */
@QuarkusTest
@TestProfile(OidcSignInServiceTest.Provider.class)
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
class OidcSignInServiceTest {

  private static final String ISSUER = "https://id.example.com/realms/data";

  /** The provider's signing key, a test key kept as a file so that both class loaders read it. */
  private static final KeyPair PROVIDER = providerKey();

  /** The provider's settings, as an operator sets them. */
  public static class Provider implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "quarkus.oidc.tenant-enabled",
          "true",
          "quarkus.oidc.public-key",
          Base64.getEncoder().encodeToString(PROVIDER.getPublic().getEncoded()),
          "quarkus.oidc.token.issuer",
          ISSUER,
          "medic.api.token",
          "");
    }
  }

  @Test
  void aViewerReadsTheKbButCannotStartASync() throws Exception {
    String viewer = token(PROVIDER.getPrivate(), List.of("viewer"));

    given().auth().oauth2(viewer).get("/kb/entries").then().statusCode(200);
    given().auth().oauth2(viewer).get("/kb/sync").then().statusCode(200);
    given().auth().oauth2(viewer).post("/kb/sync?source=git").then().statusCode(403);
  }

  @Test
  void anOperatorMayStartASync() throws Exception {
    String operator = token(PROVIDER.getPrivate(), List.of("operator"));

    // past sign-in the resource itself answers: a source that is not one is its 400
    given().auth().oauth2(operator).post("/kb/sync?source=neither").then().statusCode(400);
    given().auth().oauth2(operator).get("/kb/entries").then().statusCode(200);
  }

  @Test
  void aTokenOfAnotherKeyOrNoneIsRefused() throws Exception {
    String forged = token(keyPair().getPrivate(), List.of("operator"));

    given().auth().oauth2(forged).get("/kb/entries").then().statusCode(401);
    given().get("/kb/entries").then().statusCode(401);
    given()
        .auth()
        .oauth2(token(PROVIDER.getPrivate(), List.of()))
        .get("/kb/entries")
        .then()
        .statusCode(403);
    given().get("/q/health/live").then().statusCode(200);
  }

  private static String token(PrivateKey key, List<String> groups) throws JoseException {
    JwtClaims claims = new JwtClaims();
    claims.setIssuer(ISSUER);
    claims.setSubject("ana@example.com");
    claims.setIssuedAtToNow();
    claims.setExpirationTimeMinutesInTheFuture(5);
    claims.setStringListClaim("groups", groups);
    JsonWebSignature signature = new JsonWebSignature();
    signature.setPayload(claims.toJson());
    signature.setKey(key);
    signature.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
    return signature.getCompactSerialization();
  }

  private static KeyPair providerKey() {
    try (var pem = OidcSignInServiceTest.class.getResourceAsStream("/oidc-test-provider.pem")) {
      String base64 =
          new String(pem.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII)
              .replaceAll("-----[A-Z ]+-----|\\s", "");
      KeyFactory rsa = KeyFactory.getInstance("RSA");
      RSAPrivateCrtKey key =
          (RSAPrivateCrtKey)
              rsa.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
      return new KeyPair(
          rsa.generatePublic(new RSAPublicKeySpec(key.getModulus(), key.getPublicExponent())), key);
    } catch (java.io.IOException | java.security.GeneralSecurityException e) {
      throw new IllegalStateException("cannot read the test provider's key", e);
    }
  }

  private static KeyPair keyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      return generator.generateKeyPair();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
