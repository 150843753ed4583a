package org.phirecords.bench.baseline;

import static com.mongodb.client.model.Filters.eq;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.bson.Document;

/**
 * The document operations of the benchmark scenarios, as a thin layer over the driver would do
 * them: plain fields, no tenant, no checks, no encryption, no audit.
 */
@ApplicationScoped
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class BaselineResource {
  /** Entry types billing sees. */
  static final List<String> BILLABLE = List.of("ENCOUNTER", "CONDITION", "PROCEDURE");

  @Inject BaselineStore store;

  @POST
  @Path("patients")
  public String createPatient(String json) {
    Document doc = Document.parse(json);
    doc.put("patientId", UUID.randomUUID().toString());
    store.patients().insertOne(doc);
    return new Document("id", doc.getString("patientId")).toJson();
  }

  @GET
  @Path("patients/{id}")
  public String patient(@PathParam("id") String id) {
    Document doc =
        store.patients().find(eq("patientId", id)).projection(new Document("_id", 0)).first();
    if (doc == null) {
      throw new NotFoundException();
    }
    return doc.toJson();
  }

  @GET
  @Path("patients/{id}/entries")
  public String entries(@PathParam("id") String id) {
    List<Document> list = new ArrayList<>();
    store
        .entries()
        .find(eq("patientId", id))
        .projection(new Document("_id", 0))
        .sort(new Document("effectiveDate", -1))
        .into(list);
    return new Document("entries", list).toJson();
  }

  @POST
  @Path("patients/{id}/entries")
  public String createEntry(@PathParam("id") String id, String json) {
    Document doc = Document.parse(json);
    doc.put("patientId", id);
    doc.put("recordId", UUID.randomUUID().toString());
    store.entries().insertOne(doc);
    return new Document("id", doc.getString("recordId")).toJson();
  }

  @GET
  @Path("billing/{id}")
  public String billing(@PathParam("id") String id) {
    Document patient =
        store
            .patients()
            .find(eq("patientId", id))
            .projection(
                new Document("_id", 0)
                    .append("givenName", 1)
                    .append("familyName", 1)
                    .append("birthDate", 1)
                    .append("memberId", 1))
            .first();
    if (patient == null) {
      throw new NotFoundException();
    }
    // The same query as the module's: the patient's entries, coded fields only, types filtered
    // here.
    List<Document> coded = new ArrayList<>();
    for (Document entry :
        store
            .entries()
            .find(eq("patientId", id))
            .projection(
                new Document("_id", 0)
                    .append("type", 1)
                    .append("codes", 1)
                    .append("effectiveDate", 1))) {
      if (BILLABLE.contains(entry.getString("type"))) {
        coded.add(entry);
      }
    }
    return patient.append("entries", coded).toJson();
  }

  @POST
  @Path("patients/search")
  public String byMrn(String json) {
    String mrn = Document.parse(json).getString("mrn");
    List<Document> found = new ArrayList<>();
    store.patients().find(eq("mrn", mrn)).projection(new Document("_id", 0)).into(found);
    return new Document("patients", found).toJson();
  }
}
