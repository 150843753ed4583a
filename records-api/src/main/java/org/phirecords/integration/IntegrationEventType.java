package org.phirecords.integration;

/** What an integration event says happened; {@link #wireName()} is its name in the API. */
public enum IntegrationEventType {
  /** A patient was registered (alone or in a batch). */
  PATIENT_REGISTERED("PatientRegistered"),
  /** A patient's identity data was updated. */
  PATIENT_UPDATED("PatientUpdated"),
  /** A clinical entry was recorded (its version 1). */
  ENTRY_RECORDED("EntryRecorded"),
  /** A clinical entry got a new version (an update, or an accepted amendment). */
  ENTRY_AMENDED("EntryAmended"),
  /** A clinical entry or a registration was marked entered-in-error. */
  ENTRY_ENTERED_IN_ERROR("EntryEnteredInError"),
  /** Two registrations of one person were merged: the survivor and the merged record. */
  PATIENTS_MERGED("PatientsMerged"),
  /** A mistaken merge was undone. */
  PATIENTS_UNMERGED("PatientsUnmerged");

  private final String wireName;

  IntegrationEventType(String wireName) {
    this.wireName = wireName;
  }

  /** The name in the API and the stored event, for example {@code PatientRegistered}. */
  public String wireName() {
    return wireName;
  }

  /** The type named {@code wireName}. */
  public static IntegrationEventType ofWireName(String wireName) {
    for (IntegrationEventType t : values()) {
      if (t.wireName.equals(wireName)) {
        return t;
      }
    }
    throw new IllegalArgumentException("unknown integration event type");
  }
}
