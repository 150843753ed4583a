/** JSON-P plumbing shared by the module's parts. Internal: may change at any time. */
package org.phirecords.internal.json;
