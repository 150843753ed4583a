package com.example.ehr;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.LocalDate;
import java.util.List;
import org.phirecords.model.ClinicalData;
import org.phirecords.model.Code;
import org.phirecords.model.EntryType;
import org.phirecords.model.Mrn;
import org.phirecords.model.PageRequest;
import org.phirecords.model.Patient;
import org.phirecords.model.PatientData;
import org.phirecords.model.PatientId;
import org.phirecords.service.ClinicalRecords;
import org.phirecords.service.PatientDirectory;

/**
 * The vendor's own API, built on the module's injected services: each call is authorized, scoped to
 * the caller's tenant and audited by the module, not by this class.
 */
@RequestScoped
@Path("charts")
@Produces(MediaType.APPLICATION_JSON)
public class ChartResource {
  @Inject PatientDirectory patients;
  @Inject ClinicalRecords records;
  @Inject IntegrationFeed feed;

  /** What the vendor's observers heard of patient {@code id}'s writes (ADR 35). */
  @GET
  @Path("{id}/feed")
  public jakarta.json.JsonArray feed(@PathParam("id") String id) {
    return Json.createArrayBuilder(feed.of(id)).build();
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public JsonObject open(JsonObject request) {
    Patient patient =
        patients.create(
            new PatientData(
                new Mrn(request.getString("mrn")),
                request.getString("givenName"),
                request.getString("familyName"),
                LocalDate.parse(request.getString("birthDate")),
                "unknown",
                null,
                null,
                null,
                null,
                null));
    var entry =
        records.create(
            patient.id(),
            new ClinicalData(
                EntryType.ENCOUNTER,
                List.of(new Code("http://snomed.info/sct", "185349003", "Encounter for check up")),
                LocalDate.now(),
                "finished",
                null,
                null));
    return Json.createObjectBuilder()
        .add("patientId", patient.id().value())
        .add("entryId", entry.id().value())
        .build();
  }

  @GET
  @Path("{id}")
  public JsonObject chart(@PathParam("id") String id) {
    PatientId patientId = new PatientId(id);
    Patient patient = patients.get(patientId);
    return Json.createObjectBuilder()
        .add("familyName", patient.data().familyName())
        .add("entries", records.listByPatient(patientId, PageRequest.first()).items().size())
        .build();
  }
}
