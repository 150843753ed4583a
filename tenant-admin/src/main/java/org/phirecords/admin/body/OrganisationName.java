package org.phirecords.admin.body;

import jakarta.validation.constraints.NotNull;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.phirecords.internal.web.body.Text;

/** An organisation's new display name (its characters are checked by the service too). */
public record OrganisationName(
    @NotNull @Text(max = 120) @Schema(example = "Acme Corp. retirees") String displayName) {}
