package org.phirecords.web.body;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.phirecords.internal.web.body.IsoDate;

/**
 * A Safe Harbor de-identified dataset to build (ADR 44): its format ({@code ndjson} or {@code
 * csv}), the range of entry dates (at most ten years) and the entry types (empty or absent: all).
 * Only the shape is checked here; the module refuses other formats, ranges and types with its own
 * codes (PHR-400-61 to 63). {@code relinkable} keeps the dataset's key until it expires, so that a
 * privacy officer may approve re-linking some of its research ids; absent: false.
 */
public record DatasetInput(
    @NotNull @Size(max = 16) @Schema(example = "ndjson") String format,
    @NotNull @IsoDate(maxDaysAhead = 400) @Schema(example = "2024-01-01") String from,
    @NotNull @IsoDate(maxDaysAhead = 400) @Schema(example = "2025-12-31") String to,
    @Size(max = 10) @Schema(example = "[\"CONDITION\", \"OBSERVATION\"]")
        List<@NotNull @Size(max = 32) String> entryTypes,
    @Schema(example = "false") Boolean relinkable) {}
