package org.phirecords.internal.clinical;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.phirecords.model.AmendmentId;
import org.phirecords.model.AmendmentStatus;
import org.phirecords.model.EntryAmendment;

class ClinicalDocumentsTest {
  private static final AmendmentId FILED = AmendmentId.random();
  private static final List<Document> DENIED_WITH_STATEMENT =
      List.of(
          new Document(ClinicalDocuments.ID, "entry-1")
              .append(ClinicalDocuments.AMENDMENT, FILED.value())
              .append("status", AmendmentStatus.DENIED.name())
              .append("disagreement", "I never had this condition."));

  @Test
  void readersWhoMayReadAmendmentsSeeTheStatement() {
    assertThat(
            ClinicalDocuments.attachments(DENIED_WITH_STATEMENT, true, String.class::cast)
                .get("entry-1"))
        .containsExactly(
            new EntryAmendment(FILED, AmendmentStatus.DENIED, true, "I never had this condition."));
  }

  @Test
  void otherReadersLearnOnlyThatOneWasFiledAndNothingIsDecrypted() {
    assertThat(
            ClinicalDocuments.attachments(
                    DENIED_WITH_STATEMENT,
                    false,
                    stored -> {
                      throw new AssertionError("decrypted for a reader who may not read it");
                    })
                .get("entry-1"))
        .containsExactly(new EntryAmendment(FILED, AmendmentStatus.DENIED, true, null));
  }
}
