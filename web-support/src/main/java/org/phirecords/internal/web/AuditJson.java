package org.phirecords.internal.web;

import static org.phirecords.internal.json.Jsons.JSON;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import org.phirecords.audit.ChainVerification;

/** JSON of audit chain verification reports, the same in both WARs. */
public final class AuditJson {
  private AuditJson() {}

  /** The report as JSON. */
  public static JsonObject verification(ChainVerification v) {
    JsonObjectBuilder b =
        JSON.createObjectBuilder()
            .add("chain", v.chain())
            .add("valid", v.valid())
            .add("checked", v.checked())
            .add("lastSeq", v.lastSeq())
            .add("detail", v.detail());
    if (!v.valid()) {
      b.add("brokenAt", v.brokenAt()).add("problem", v.problem());
    }
    return b.build();
  }
}
