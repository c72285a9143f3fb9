package io.pipelinemedic.publisher.rest;

import io.pipelinemedic.publisher.redrive.DeadLetterRedrive;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;

/**
 * {@code POST /dead-letters/{topic}/redrive[?incident=ID]}: sends a topic's dead letters back to it
 * once their cause is fixed ({@code ./medic redrive} calls it); an operator's act.
 */
@Path("/dead-letters")
@Produces(MediaType.APPLICATION_JSON)
public class RedriveResource {

  @Inject DeadLetterRedrive redrive;

  @Inject SecurityIdentity identity;

  @POST
  @Path("/{topic}/redrive")
  @Blocking
  public DeadLetterRedrive.Result redrive(
      @PathParam("topic") String topic, @QueryParam("incident") String incident)
      throws IOException, InterruptedException {
    try {
      return redrive.redrive(
          topic,
          incident == null || incident.isBlank() ? null : incident,
          identity.isAnonymous() ? null : identity.getPrincipal().getName());
    } catch (IllegalArgumentException e) {
      throw new BadRequestException(e.getMessage());
    }
  }
}
