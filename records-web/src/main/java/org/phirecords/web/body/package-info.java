/**
 * The request bodies of the records API, one record each: the single source of what a body may hold
 * and of its rules (Jakarta Validation), read by {@link org.phirecords.internal.web.body.Bodies}
 * and published as the OpenAPI schema of the same name ({@link
 * org.phirecords.internal.web.body.BodySchemas}).
 */
package org.phirecords.web.body;
