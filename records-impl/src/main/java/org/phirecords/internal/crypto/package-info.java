/**
 * Client-side field-level encryption: the only code that sees data keys and master-key settings,
 * and (with the identity store's mapping) plaintext identifiers on their way to and from storage.
 */
package org.phirecords.internal.crypto;
