package io.pipelinemedic.bench;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Reads the body like a webhook endpoint and answers 202 without doing anything else. */
@Path("/ceiling")
public class CeilingResource {

  @POST
  @Consumes(MediaType.WILDCARD)
  @Produces(MediaType.APPLICATION_JSON)
  public Response receive(byte[] body) {
    return Response.accepted("{\"status\":\"accepted\",\"bytes\":" + body.length + "}").build();
  }
}
