package io.pipelinemedic.service.http;

import io.quarkus.arc.properties.IfBuildProperty;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The API token mechanism, in the services whose build asks for it ({@code
 * medic.api.authentication=true}: publisher-service and kb-sync-service); the others keep their own
 * webhook signatures and tokens.
 */
public class ApiAuthenticationBeans {

  private static final Logger LOG = Logger.getLogger(ApiAuthenticationBeans.class);

  @Produces
  @Singleton
  @IfBuildProperty(name = "medic.api.authentication", stringValue = "true")
  ApiTokenAuthentication apiToken(
      @ConfigProperty(name = "medic.api.token") Optional<String> token,
      @ConfigProperty(name = "medic.api.login-page") Optional<String> loginPage,
      @ConfigProperty(name = "quarkus.oidc.tenant-enabled", defaultValue = "true") boolean oidc) {
    if (token.filter(value -> !value.isBlank()).isEmpty() && !oidc) {
      LOG.warn(
          "no one can sign in: set medic.api.token (MEDIC_API_TOKEN), or turn on OIDC"
              + " (quarkus.oidc.tenant-enabled with the provider's settings)");
    }
    return new ApiTokenAuthentication(token, loginPage);
  }
}
