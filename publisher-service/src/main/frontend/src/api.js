// publisher-service's REST API as the page reads it; signed out, the browser signs in again.

async function get(path) {
  const response = await fetch(path, { credentials: "same-origin" });
  if (response.status === 401) {
    location.assign("/login.html");
    throw new Error("signed out");
  }
  if (!response.ok) throw new Error(path + " answered " + response.status);
  return response;
}

export const json = async (path) => (await get(path)).json();

export const text = async (path) => (await get(path)).text();

/** An incident's artifact (a diff, a transcript) by the file:// URI its event gave. */
export const artifactPath = (incidentId, uri) =>
  "/incidents/" + encodeURIComponent(incidentId) + "/artifact?uri=" + encodeURIComponent(uri);
