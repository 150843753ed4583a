/**
 * Internal HTTP plumbing shared by the WARs: problem+json errors with stable codes, strict JSON
 * input, the authentication gate. Not an API; may change at any time.
 */
package org.phirecords.internal.web;
