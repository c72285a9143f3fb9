package io.pipelinemedic.context.config;

import io.pipelinemedic.service.http.RetryingHttp;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** The one HTTP client of the service's downloads, retrying as configured. */
@ApplicationScoped
public class HttpProducer {

  @Produces
  @ApplicationScoped
  RetryingHttp retryingHttp(ContextConfig config) {
    ContextConfig.Http http = config.http();
    return new RetryingHttp(
        new RetryingHttp.Policy(
            http.attempts(),
            http.initialBackoff(),
            http.maxBackoff(),
            http.maxBackoff(),
            http.timeout(),
            http.bodyTimeout(),
            0));
  }
}
