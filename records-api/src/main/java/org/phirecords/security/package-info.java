/** The caller, roles, permissions and the {@code @RequiresPermission} interceptor binding. */
package org.phirecords.security;
