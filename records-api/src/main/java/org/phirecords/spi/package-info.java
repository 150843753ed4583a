/** Extension points for embedders: caller resolution (key providers and audit sinks to come). */
package org.phirecords.spi;
