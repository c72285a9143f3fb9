package io.pipelinemedic.publisher.rest;

import io.pipelinemedic.service.http.ApiTokenAuthentication;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.util.regex.Pattern;

/**
 * The page's sign-in with the stack's API token, from the login form or a sign-in link (as {@code
 * ./medic up} prints, like a notebook server's): the right token becomes an HTTP-only, same-site
 * cookie and the browser goes on to the page, the token no longer in its address; a wrong one is a
 * 401 and no cookie.
 */
@Path("/login")
public class LoginResource {

  /** Where a sign-in link may lead: a path of this service, never another host. */
  private static final Pattern LOCAL_PATH = Pattern.compile("/(?![/\\\\])[^\\s]*");

  @Inject ApiTokenAuthentication authentication;

  @POST
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response form(@FormParam("token") String token, @Context UriInfo uri) {
    return signIn(token, "/", uri);
  }

  @GET
  public Response link(
      @QueryParam("token") String token, @QueryParam("next") String next, @Context UriInfo uri) {
    return signIn(token, next != null && LOCAL_PATH.matcher(next).matches() ? next : "/", uri);
  }

  private Response signIn(String token, String next, UriInfo uri) {
    if (!authentication.accepts(token)) {
      return Response.status(Response.Status.UNAUTHORIZED)
          .type(MediaType.TEXT_PLAIN)
          .entity("that is not the API token (./medic secret api)\n")
          .build();
    }
    NewCookie cookie =
        new NewCookie.Builder(ApiTokenAuthentication.COOKIE)
            .value(token)
            .path("/")
            .httpOnly(true)
            .secure("https".equals(uri.getRequestUri().getScheme()))
            .sameSite(NewCookie.SameSite.STRICT)
            .build();
    return Response.seeOther(URI.create(next)).cookie(cookie).build();
  }
}
