/**
 * Development launcher: never part of a deployment. Starts the embedded MongoDB-wire store, both
 * WARs on Payara Micro in development mode, seeds a demo tenant through the public API and prints
 * ready-to-use tokens signed with a development key.
 */
package org.phirecords.dev;
