package org.phirecords.admin.body;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.phirecords.internal.web.body.OneOf;
import org.phirecords.internal.web.body.Text;
import org.phirecords.security.Permission;

/**
 * One row of the tenant's own scope table (ADR 39): {@code <type>.<c|r|u|d|s>} (PHR-400-36
 * otherwise) and the permissions it grants, which replace the module's row of that key (none: the
 * module's row is removed). A permission no system client may hold: PHR-400-37.
 */
public record ScopeRow(
    @NotNull @Text(max = 70) @Schema(example = "Observation.r") String row,
    @NotNull @Size(max = 40) @Schema(example = "[\"CLINICAL_READ\"]")
        List<@NotNull @OneOf(names = Permission.class, message = "unknown permission") String>
            permissions) {}
