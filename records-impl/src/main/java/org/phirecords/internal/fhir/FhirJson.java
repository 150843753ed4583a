package org.phirecords.internal.fhir;

import ca.uhn.fhir.context.FhirContext;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * The module's one HAPI FHIR R4 context, and JSON encoding with it. A context scans the whole R4
 * model when it is built (expensive); parsers made from it are cheap but not thread-safe, so each
 * call makes its own.
 */
public final class FhirJson {
  /** HAPI's process-wide R4 context. */
  public static final FhirContext R4 = FhirContext.forR4Cached();

  private FhirJson() {}

  /** {@code resource} as FHIR JSON on one line. */
  public static String compact(IBaseResource resource) {
    return R4.newJsonParser().encodeResourceToString(resource);
  }

  /** {@code resource} as indented FHIR JSON. */
  public static String pretty(IBaseResource resource) {
    return R4.newJsonParser().setPrettyPrint(true).encodeResourceToString(resource);
  }
}
