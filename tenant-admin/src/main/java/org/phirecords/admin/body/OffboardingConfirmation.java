package org.phirecords.admin.body;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.phirecords.internal.web.body.Text;

/** Step 2 of offboarding; without the code (or with a wrong one) the answer is 403. */
public record OffboardingConfirmation(
    @Text(max = 64) @Schema(example = "the code answered by step 1") String confirmation) {}
