package org.phirecords.web.body;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A privacy officer's decision on a re-linking request (ADR 44): approve or deny; when approving,
 * the research ids approved (a subset of those asked for; absent or empty: all of them).
 */
public record RelinkDecisionInput(
    @NotNull @Schema(example = "true") Boolean approve,
    @Size(max = 100) @Schema(example = "[\"BBBBBBBBBBBBBBBBBBBBBB\"]")
        List<@NotNull @Size(max = 32) String> researchIds) {}
