package org.phirecords.admin.body;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.phirecords.internal.web.body.Text;

/** The tenant's system clients and its own rows of the scope table, replaced as a whole. */
public record SystemClientsInput(
    @NotNull
        @Size(max = 50)
        @Schema(
            example =
                "[{\"clientId\":\"ehr-sync\",\"subject\":\"ehr-sync\","
                    + "\"scopes\":[\"system/Patient.rs\"],\"organisations\":[\"client-acme\"]}]")
        List<@NotNull @Valid SystemClientInput> clients,
    @Size(max = 200)
        @Schema(
            description = "none if absent",
            example = "[{\"row\":\"Observation.r\",\"permissions\":[\"CLINICAL_READ\"]}]")
        List<@NotNull @Valid ScopeRow> scopeTable,
    @Text(max = 500)
        @Schema(
            description =
                "the token endpoint of the tenant's identity provider, published in the SMART"
                    + " configuration (ADR 42); https (http only on localhost): else PHR-400-52",
            example = "https://idp.clinic-a.example/oauth2/token")
        String tokenEndpoint) {}
