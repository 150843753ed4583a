/**
 * The records REST API for clinicians, billing staff and patients. Resources translate HTTP to
 * service calls; they hold no business rules and never touch MongoDB.
 */
package org.phirecords.web;
