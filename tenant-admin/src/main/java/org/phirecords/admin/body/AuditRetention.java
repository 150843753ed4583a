package org.phirecords.admin.body;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Years the tenant's audit trail is kept. */
public record AuditRetention(
    @NotNull
        @Min(org.phirecords.internal.audit.chain.AuditRetention.MINIMUM_YEARS)
        @Max(org.phirecords.internal.audit.chain.AuditRetention.MAXIMUM_YEARS)
        @Schema(example = "7")
        Integer years) {}
