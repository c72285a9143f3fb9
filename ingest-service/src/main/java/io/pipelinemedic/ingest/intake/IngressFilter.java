package io.pipelinemedic.ingest.intake;

import io.pipelinemedic.ingest.config.IngestConfig;
import io.pipelinemedic.schemas.model.RunSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Refuses deliveries before their body is read: a webhook without a length or over the webhook
 * limit (Airflow's multipart alert, which carries a run's artifacts, over its own), and an upload
 * to {@code /runs} without the bearer token.
 */
@ApplicationScoped
public class IngressFilter {

  // a client proxy: the filter is created at static init, the configuration exists at run time
  @Inject IngestConfig config;

  /** Whether the delivery is Airflow's alert with its artifacts: exactly that path and type. */
  private static boolean withArtifacts(String path, MediaType type) {
    return path.equals("/webhooks/airflow")
        && type != null
        && type.getType().equalsIgnoreCase("multipart")
        && type.getSubtype().equalsIgnoreCase("form-data");
  }

  @ServerRequestFilter(preMatching = true)
  public void beforeBody(ContainerRequestContext request) {
    String path = request.getUriInfo().getPath();
    if (path.startsWith("/webhooks/")) {
      RunSource source =
          path.startsWith("/webhooks/airflow") ? RunSource.AIRFLOW : RunSource.DBT_CLOUD;
      int length = request.getLength();
      if (length < 0) {
        throw new RejectedDelivery(source, 411, "a Content-Length header is required");
      }
      long limit =
          withArtifacts(path, request.getMediaType())
              ? config.airflow().uploadMaxBytes()
              : config.webhookMaxBytes();
      if (length > limit) {
        throw new RejectedDelivery(source, 413, "body of " + length + " bytes exceeds " + limit);
      }
    } else if (path.startsWith("/runs")
        && !Signatures.bearerMatches(
            config.runs().token(), request.getHeaderString(HttpHeaders.AUTHORIZATION))) {
      throw new RejectedDelivery(RunSource.DBT_CORE, 401, "missing or wrong bearer token");
    }
  }
}
