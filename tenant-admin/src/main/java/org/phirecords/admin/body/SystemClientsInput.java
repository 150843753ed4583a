package org.phirecords.admin.body;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The tenant's system clients and its own rows of the scope table, replaced as a whole. */
public record SystemClientsInput(
    @NotNull
        @Size(max = 50)
        @Schema(
            example =
                "[{\"clientId\":\"ehr-sync\",\"subject\":\"ehr-sync\","
                    + "\"scopes\":[\"system/Patient.rs\"]}]")
        List<@NotNull @Valid SystemClientInput> clients,
    @Size(max = 200)
        @Schema(
            description = "none if absent",
            example = "[{\"row\":\"Observation.r\",\"permissions\":[\"CLINICAL_READ\"]}]")
        List<@NotNull @Valid ScopeRow> scopeTable) {}
