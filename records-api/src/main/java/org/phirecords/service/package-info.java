/** The services embedders inject: {@code PatientDirectory}, {@code ClinicalRecords}... */
package org.phirecords.service;
