/** Tenant administration: onboarding and lookup of tenants by platform administrators. */
package org.phirecords.admin;
