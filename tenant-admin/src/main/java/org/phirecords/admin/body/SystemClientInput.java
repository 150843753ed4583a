package org.phirecords.admin.body;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.phirecords.internal.web.body.Codes;
import org.phirecords.internal.web.body.Text;

/**
 * A system client (ADR 39): the client id its tokens carry, the subject of its own tokens (the
 * client id if absent), and the SMART system scopes it may use. Refused by the service: ids that
 * are not 1 to 256 visible characters or are reserved, a client id listed twice (PHR-400-35), a
 * scope that is not a system scope (PHR-400-36), an organisation not of the tenant (PHR-400-50).
 */
public record SystemClientInput(
    @NotNull @Text(max = 256) @Schema(example = "ehr-sync") String clientId,
    @Text(max = 256) @Schema(description = "the client id if absent", example = "ehr-sync")
        String subject,
    @NotNull @Size(max = 50) @Schema(example = "[\"system/Patient.rs\",\"system/Observation.rs\"]")
        List<@NotNull @Text(max = 100) String> scopes,
    @Size(max = 50)
        @Schema(
            description =
                "organisation ids the client is bounded to, each with everything below it (ADR"
                    + " 42); absent or empty: the whole tenant",
            example = "[\"client-acme\"]")
        List<
                @NotNull @Text(max = 63)
                @Pattern(
                    regexp = "[a-z0-9][a-z0-9-]{1,62}",
                    message = "must be an organisation id",
                    payload = Codes.InvalidId.class)
                String>
            organisations) {}
