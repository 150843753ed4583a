package org.phirecords.admin.body;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.phirecords.internal.web.body.OneOf;
import org.phirecords.internal.web.body.Text;
import org.phirecords.security.Role;

/**
 * One group and its roles. Refused by the service, with PHR-400-03: platform-admin, an admin role
 * with a PHI role, billing with physician.
 */
public record GroupRoles(
    @NotNull @Text(max = 200) @Schema(example = "clinicians") String group,
    @Size(max = 6) @Schema(description = "none if absent", example = "[\"physician\"]")
        List<@OneOf(names = Role.class, by = "groupName", message = "unknown role") String>
            roles) {}
