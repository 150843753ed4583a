package org.phirecords.internal.fhirimport;

import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.phirecords.error.ErrorCode;
import org.phirecords.internal.fhir.FhirJson;

/**
 * HAPI's instance validator against base FHIR R4 (the core structure definitions and value sets,
 * in-memory terminology for FHIR's own code systems and the common ones), built once per process:
 * building it loads the whole core package. It answers the errors of a Bundle, each attributed to
 * the entry it is about (-1: the Bundle itself) with the module's code: {@code PHR-400-23} for a
 * code outside its required value set or code system, {@code PHR-400-20} for anything else.
 * Diagnostics name elements and message ids only: HAPI's messages may quote values (PHI).
 */
final class BundleValidation {
  private static final Pattern ENTRY = Pattern.compile("^Bundle\\.entry\\[(\\d+)\\]");

  private static volatile FhirValidator validator;

  private BundleValidation() {}

  private static FhirValidator validator() {
    FhirValidator v = validator;
    if (v == null) {
      synchronized (BundleValidation.class) {
        v = validator;
        if (v == null) {
          var fhir = FhirJson.R4;
          ValidationSupportChain support =
              new ValidationSupportChain(
                  new DefaultProfileValidationSupport(fhir),
                  new InMemoryTerminologyServerValidationSupport(fhir),
                  new CommonCodeSystemsTerminologyService(fhir),
                  new SnapshotGeneratingValidationSupport(fhir));
          FhirInstanceValidator instance = new FhirInstanceValidator(support);
          instance.setErrorForUnknownProfiles(false);
          instance.setAnyExtensionsAllowed(true);
          v = fhir.newValidator().registerValidatorModule(instance);
          validator = v;
        }
      }
    }
    return v;
  }

  /**
   * The errors of batch {@code bundleJson} whose entries do not refer to one another (a bulk
   * import's chunk, ADR 40), validated as Bundles of {@code slice} entries each, spread over {@code
   * executor} in as many parts as the machine has processors: HAPI resolves each reference and
   * merges each message by a scan of the whole Bundle, which grows with the square of its size.
   * Errors are attributed to the entries of the whole Bundle.
   */
  static List<ImportRefusal> sliced(String bundleJson, int slice, Executor executor) {
    JsonObject bundle;
    try (var reader = Json.createReader(new StringReader(bundleJson))) {
      bundle = reader.readObject();
    }
    JsonArray entries = bundle.getJsonArray("entry");
    if (entries == null || entries.size() <= slice) {
      return errors(bundleJson);
    }
    int parts = Math.max(1, Runtime.getRuntime().availableProcessors());
    int perPart = -Math.floorDiv(-entries.size(), parts * slice) * slice;
    List<CompletableFuture<List<ImportRefusal>>> running = new ArrayList<>();
    for (int from = perPart; from < entries.size(); from += perPart) {
      int start = from;
      running.add(
          CompletableFuture.supplyAsync(
              () -> slices(bundle, entries, start, start + perPart, slice), executor));
    }
    List<ImportRefusal> errors = slices(bundle, entries, 0, perPart, slice);
    for (CompletableFuture<List<ImportRefusal>> part : running) {
      errors.addAll(part.join());
    }
    return errors;
  }

  /** The errors of entries {@code from} (inclusive) to {@code to}, {@code slice} at a time. */
  private static List<ImportRefusal> slices(
      JsonObject bundle, JsonArray entries, int from, int to, int slice) {
    List<ImportRefusal> errors = new ArrayList<>();
    for (int start = from; start < Math.min(to, entries.size()); start += slice) {
      JsonArrayBuilder part = Json.createArrayBuilder();
      int end = Math.min(Math.min(to, entries.size()), start + slice);
      for (int i = start; i < end; i++) {
        part.add(entries.get(i));
      }
      String json = Json.createObjectBuilder(bundle).add("entry", part).build().toString();
      for (ImportRefusal e : errors(json)) {
        errors.add(e.entry() < 0 ? e : e.at(start + e.entry()));
      }
    }
    return errors;
  }

  /** The errors of {@code bundleJson} against base R4, by entry; empty if valid. */
  static List<ImportRefusal> errors(String bundleJson) {
    List<ImportRefusal> errors = new ArrayList<>();
    for (SingleValidationMessage m : validator().validateWithResult(bundleJson).getMessages()) {
      if (m.getSeverity() != ResultSeverityEnum.ERROR
          && m.getSeverity() != ResultSeverityEnum.FATAL) {
        continue;
      }
      String location = m.getLocationString() == null ? "" : m.getLocationString();
      Matcher entry = ENTRY.matcher(location);
      int index = entry.find() ? Integer.parseInt(entry.group(1)) : -1;
      errors.add(new ImportRefusal(code(m), index, element(location) + " " + m.getMessageId()));
    }
    return errors;
  }

  private static ErrorCode code(SingleValidationMessage m) {
    String id = m.getMessageId() == null ? "" : m.getMessageId().toLowerCase(Locale.ROOT);
    return id.startsWith("terminology") || id.contains("code") || id.contains("valueset")
        ? ErrorCode.FHIR_INVALID_CODE
        : ErrorCode.FHIR_INVALID;
  }

  /** The element path of a location, without the positions HAPI adds in brackets. */
  private static String element(String location) {
    return location.replaceAll("[^A-Za-z0-9_.\\[\\]()]", "");
  }
}
