/** Documents for people: PDF pages written with Apache PDFBox (ADR 47). */
package org.phirecords.internal.document;
