package org.phirecords.internal.fhirimport;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.phirecords.error.ErrorCode;
import org.phirecords.internal.fhirimport.BundlePlan.PlannedPatient;
import org.phirecords.internal.fhirimport.FhirOutcomes.Result;
import org.phirecords.model.PatientId;
import org.phirecords.model.TenantId;

/**
 * One chunk of a bulk import file imported (ADR 40): its lines made into a batch Bundle and written
 * through the FHIR import's path ({@link MongoFhirImport#writeBatch}: validated against base R4,
 * mapped, idempotent by MRN and derived ids), so importing a chunk again changes nothing. A line
 * that is not a JSON object of the file's type, or that the import refuses, is counted failed with
 * its line number and code. Entries find the patients of earlier chunks by the hash of the
 * reference that named them ({@code Patient/<source id>}); a Patient chunk answers those hashes.
 */
final class BulkImportChunk {
  /** What became of the chunk: counts, refused lines, reference hashes of its patients. */
  record Outcome(long done, long failed, List<Document> errors, Map<String, String> refs) {}

  /**
   * Entries validated per Bundle: a chunk's lines never refer to one another, and HAPI's cost per
   * entry grows with the Bundle's size (ADR 40); about 100 was the cheapest measured.
   */
  static final int VALIDATION_SLICE = 100;

  private BulkImportChunk() {}

  /**
   * Imports {@code text}, whose first line is line {@code firstLine} of a file of {@code type}, for
   * job {@code job} of {@code tenant}; {@code refs} holds the hashes of earlier chunks' patients.
   * Its lines are validated in slices spread over {@code validators}.
   */
  static Outcome run(
      MongoFhirImport fhir,
      TenantId tenant,
      String job,
      String type,
      int file,
      String text,
      long firstLine,
      int maxLines,
      Map<String, String> refs,
      java.util.concurrent.Executor validators) {
    String[] lines = text.split("\n", -1);
    JsonArrayBuilder entries = Json.createArrayBuilder();
    List<Long> lineOf = new ArrayList<>();
    List<Document> errors = new ArrayList<>();
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty()) {
        continue;
      }
      long number = firstLine + i;
      JsonObject resource;
      try (var reader = Json.createReader(new StringReader(line))) {
        resource = reader.readObject();
      } catch (RuntimeException e) {
        errors.add(error(file, number, ErrorCode.BULK_IMPORT_LINE_JSON));
        continue;
      }
      if (!type.equals(resource.getString("resourceType", null))) {
        errors.add(error(file, number, ErrorCode.BULK_IMPORT_LINE_TYPE));
        continue;
      }
      // A fullUrl the validator wants, the same for the same line when a chunk is imported again.
      String source =
          resource.containsKey("id")
              ? type + "/" + resource.getString("id", "")
              : job + "/" + file + "/" + number;
      entries.add(
          Json.createObjectBuilder()
              .add(
                  "fullUrl",
                  "urn:uuid:"
                      + java.util.UUID.nameUUIDFromBytes(source.getBytes(StandardCharsets.UTF_8)))
              .add("resource", resource)
              .add("request", Json.createObjectBuilder().add("method", "POST").add("url", type)));
      lineOf.add(number);
    }
    Map<String, String> found = new LinkedHashMap<>();
    long done = 0;
    if (!lineOf.isEmpty()) {
      String bundle =
          Json.createObjectBuilder()
              .add("resourceType", "Bundle")
              .add("type", "batch")
              .add("entry", entries)
              .build()
              .toString();
      List<Result> results;
      BundlePlan plan;
      PatientResolution patients;
      try {
        plan =
            BundlePlan.of(
                bundle,
                tenant,
                maxLines,
                json -> BundleValidation.sliced(json, VALIDATION_SLICE, validators));
        patients =
            new PatientResolution(
                fhir.directory(),
                plan,
                tenant,
                ref -> {
                  String id = refs.get(hash(tenant, job, ref));
                  return id == null ? null : new PatientId(id);
                });
        results = fhir.writeBatch(plan, patients, tenant);
      } catch (ImportRefusal whole) {
        // Nothing of the chunk could be read as a Bundle's entries: every line fails with it.
        lineOf.forEach(n -> errors.add(error(file, n, whole.code())));
        return new Outcome(0, errors.size(), errors, found);
      }
      for (Result r : results) {
        if (r.refusal() == null) {
          done++;
        } else {
          errors.add(error(file, lineOf.get(r.index()), r.refusal().code()));
        }
      }
      for (PlannedPatient p : plan.patients) {
        if (results.get(p.index()).refusal() == null) {
          String id = patients.id(p).value();
          p.keys().forEach(key -> found.put(hash(tenant, job, key), id));
        }
      }
    }
    errors.sort(java.util.Comparator.comparing(d -> d.getLong("line")));
    return new Outcome(done, errors.size(), errors, found);
  }

  private static Document error(int file, long line, ErrorCode code) {
    return new Document("file", file).append("line", line).append("code", code.code());
  }

  /**
   * The stored form of a reference that names a patient within a job: keyed by tenant and job, so
   * the source's id (possibly meaningful) is not stored; 128 bits, base64url.
   */
  static String hash(TenantId tenant, String job, String reference) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (String part : new String[] {"phirecords/bulk-import/v1", tenant.value(), job}) {
        sha.update(part.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
      }
      byte[] digest = sha.digest(reference.getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 16));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
