package org.phirecords.audit;

/**
 * One page of an audit export.
 *
 * @param bundle a FHIR R4 Bundle (type collection) of IHE BALP {@code AuditEvent}s, as JSON
 * @param nextCursor the cursor of the next page, or {@code null} on the last page (see {@link
 *     org.phirecords.model.Page})
 */
public record AuditExport(String bundle, String nextCursor) {
  /** Whether more events follow this page. */
  public boolean hasMore() {
    return nextCursor != null;
  }
}
