package org.phirecords.internal.json;

import jakarta.json.spi.JsonProvider;

/**
 * The JSON-P provider, looked up once. The static {@code jakarta.json.Json.create...} methods look
 * the provider up again on every call (a service-loader scan of the class path), which profiling
 * showed to be the largest single cost of building audit events and answers.
 */
public final class Jsons {
  /**
   * The provider: use {@code JSON.createObjectBuilder()} where {@code JSON.createObjectBuilder()}.
   */
  public static final JsonProvider JSON = JsonProvider.provider();

  private Jsons() {}
}
