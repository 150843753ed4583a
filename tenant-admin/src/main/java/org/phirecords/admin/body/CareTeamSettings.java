package org.phirecords.admin.body;

import jakarta.validation.constraints.NotNull;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Whether physicians reach only the patients whose care team includes them, within their
 * organisations (ADR 30). Assign teams before turning it on: from then on, a physician not on a
 * patient's team reaches that patient only through break-glass.
 */
public record CareTeamSettings(@NotNull @Schema(example = "true") Boolean enabled) {}
