package org.phirecords.web.body;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.phirecords.internal.web.body.IsoDate;
import org.phirecords.internal.web.body.OneOf;
import org.phirecords.internal.web.body.Text;

/** A patient's identity data, to register or replace (every field is PHI). */
public record PatientInput(
    @NotNull
        @Pattern(
            regexp = "[A-Za-z0-9-]{1,32}",
            message = "must be 1 to 32 letters, digits or dashes")
        @Schema(description = "medical record number, unique in the tenant", example = "CT-0001")
        String mrn,
    @NotNull @Text(max = 100) @Schema(example = "Alex") String givenName,
    @NotNull @Text(max = 100) @Schema(example = "Synthetic") String familyName,
    @NotNull @IsoDate @Schema(example = "1980-04-02") String birthDate,
    @OneOf(
            value = {"female", "male", "other", "unknown"},
            message = "must be female, male, other or unknown")
        @Schema(example = "female", defaultValue = "unknown")
        String sex,
    @Pattern(regexp = "[0-9]{3}-[0-9]{2}-[0-9]{4}", message = "must be NNN-NN-NNNN")
        @Schema(example = "000-00-0000")
        String ssn,
    @Pattern(regexp = "[A-Za-z0-9-]{1,40}", message = "must be 1 to 40 letters, digits or dashes")
        @Schema(description = "health plan member id", example = "MBR-00000001")
        String memberId,
    @Valid Address address,
    @Pattern(regexp = "[+0-9 ()-]{3,30}", message = "must be a phone number")
        @Schema(example = "+1-555-0100")
        String phone,
    @Size(max = 200, message = "must be at most 200 characters")
        @Pattern(
            regexp = "[^@\\u0000-\\u0020\\u007F]{1,64}@[^@\\u0000-\\u0020\\u007F]{1,190}",
            message = "must be an e-mail address")
        @Schema(example = "alex@example.invalid")
        String email) {
  @Override
  public String toString() {
    return "PatientInput[***]";
  }
}
