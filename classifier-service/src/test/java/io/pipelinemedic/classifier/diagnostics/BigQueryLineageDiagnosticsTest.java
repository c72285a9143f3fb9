package io.pipelinemedic.classifier.diagnostics;

import io.pipelinemedic.classifier.warehouse.BigQueryWarehouse;
import io.pipelinemedic.classifier.warehouse.Warehouse;
import io.pipelinemedic.testsupport.BigQueryApi;
import java.nio.file.Path;
import java.sql.SQLException;

/**
 * The same diagnostics through the BigQuery adapter: the Google client against a local server
 * speaking BigQuery's REST API, answering from the same warehouse.
 */
class BigQueryLineageDiagnosticsTest extends LineageDiagnosticsTest {

  private BigQueryApi api;

  @Override
  Warehouse open(Path prod) throws SQLException {
    api = BigQueryApi.start(prod);
    return new BigQueryWarehouse(api.client(), 100, 1_000_000_000L);
  }

  @Override
  void close() throws Exception {
    super.close();
    api.close();
  }
}
