package org.phirecords.internal.fhirimport;

import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
