package org.phirecords.peer;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.storage.interceptor.balp.IBalpAuditEventSink;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import javax.sql.DataSource;
import org.hl7.fhir.r4.model.AuditEvent;

/**
 * Where the BALP interceptor's audit events go: each stored, as its FHIR JSON, in a table of the
 * server's own database, in the request's thread, before the answer (as the module stores its
 * events before answering). One insert per event is the cheapest durable sink; storing them as
 * AuditEvent resources through HAPI's DAO would cost HAPI more.
 */
final class StoredAuditSink implements IBalpAuditEventSink {
  private final DataSource database;
  private final FhirContext fhir;

  StoredAuditSink(DataSource database, FhirContext fhir) throws SQLException {
    this.database = database;
    this.fhir = fhir;
    try (Connection c = database.getConnection();
        Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE IF NOT EXISTS PEER_AUDIT_EVENT"
              + " (ID BIGINT AUTO_INCREMENT PRIMARY KEY, RECORDED TIMESTAMP NOT NULL,"
              + " BODY CLOB NOT NULL)");
    }
  }

  @Override
  public void recordAuditEvent(AuditEvent event) {
    String json = fhir.newJsonParser().encodeResourceToString(event);
    try (Connection c = database.getConnection();
        PreparedStatement insert =
            c.prepareStatement("INSERT INTO PEER_AUDIT_EVENT (RECORDED, BODY) VALUES (?, ?)")) {
      insert.setTimestamp(1, Timestamp.from(Instant.now()));
      insert.setString(2, json);
      insert.executeUpdate();
    } catch (SQLException e) {
      // The request fails with it: an operation whose audit event is lost must not succeed.
      throw new IllegalStateException("the audit event could not be stored", e);
    }
  }

  /** How many events are stored. */
  long count() throws SQLException {
    try (Connection c = database.getConnection();
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT COUNT(*) FROM PEER_AUDIT_EVENT")) {
      r.next();
      return r.getLong(1);
    }
  }
}
