/** The accounting of disclosures and directed copies (HIPAA 164.528, 164.524(c)(3)(ii); ADR 47). */
package org.phirecords.internal.disclosure;
