package io.pipelinemedic.artifacts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pipelinemedic.schemas.model.Owner;
import org.junit.jupiter.api.Test;

/**
 * {@code meta.owner} in every form dbt projects write it: a name, an email, {@code Name <email>}, a
 * mapping with name and email, a list of either; nothing usable leaves the owner found before.
 */
class ManifestOwnersTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Owner EARLIER = new Owner("earlier", null, null);

  @Test
  void aNameOrAnEmail() throws Exception {
    assertThat(owner("{\"owner\": \"Commerce analytics\"}"))
        .isEqualTo(new Owner("Commerce analytics", null, null));
    assertThat(owner("{\"owner\": \"orders-team@example.com\"}"))
        .isEqualTo(new Owner("orders-team@example.com", "orders-team@example.com", null));
    assertThat(owner("{\"owner\": \"Shop platform team <platform@shop.io>\"}"))
        .isEqualTo(new Owner("Shop platform team", "platform@shop.io", null));
  }

  @Test
  void aMappingWithNameAndEmail() throws Exception {
    assertThat(owner("{\"owner\": {\"name\": \"Vendor integrations\", \"email\": \"v@shop.io\"}}"))
        .isEqualTo(new Owner("Vendor integrations", "v@shop.io", null));
    assertThat(owner("{\"owner\": {\"email\": \"v@shop.io\"}}"))
        .isEqualTo(new Owner("v@shop.io", "v@shop.io", null));
  }

  @Test
  void aListGivesItsFirstUsableOwner() throws Exception {
    assertThat(
            owner("{\"owner\": [\"\", {\"name\": \"Finance\", \"email\": \"f@shop.io\"}, \"x\"]}"))
        .isEqualTo(new Owner("Finance", "f@shop.io", null));
    assertThat(owner("{\"owner\": [\"ana@shop.io\", \"bo@shop.io\"]}"))
        .isEqualTo(new Owner("ana@shop.io", "ana@shop.io", null));
  }

  @Test
  void nothingUsableKeepsTheOwnerFoundBefore() throws Exception {
    assertThat(owner("{}")).isEqualTo(EARLIER);
    assertThat(owner("{\"owner\": \"  \"}")).isEqualTo(EARLIER);
    assertThat(owner("{\"owner\": 42}")).isEqualTo(EARLIER);
    assertThat(owner("{\"owner\": []}")).isEqualTo(EARLIER);
    assertThat(owner("{\"owner\": {\"team\": \"x\"}}")).isEqualTo(EARLIER);
  }

  private static Owner owner(String meta) throws Exception {
    JsonNode node = JSON.readTree(meta);
    return ManifestReader.ownerOf(node, EARLIER);
  }
}
