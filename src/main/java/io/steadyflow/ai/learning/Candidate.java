package io.steadyflow.ai.learning;

import java.time.Instant;

/**
 * A person's decision about what a classify step read, kept as a candidate example.
 *
 * @param id the candidate's id
 * @param processKey the process
 * @param processInstanceId the instance the decision was made in
 * @param activityId the classify step
 * @param labelsFile the step's labels file
 * @param labelsVersion the labels version the step classified with
 * @param text the text the step read
 * @param aiLabel what the step suggested
 * @param aiConfidence with which confidence
 * @param aiSure whether the step routed it on its own
 * @param humanLabel the label the person chose, {@code null} when they only said it is
 * not theirs
 * @param rejectedLabel the label the person said is wrong (sent back as not theirs)
 * @param reason the reason they gave
 * @param decision {@code labelled} (a person chose a label) or {@code returned} (sent
 * back as not theirs)
 * @param decidedIn the user task the decision was made in
 * @param decidedBy who decided
 * @param decidedAt when
 * @param status {@code pending}, {@code accepted}, {@code discarded} or {@code published}
 * @param finalLabel the label an author accepted it with
 * @param reviewedBy the author who reviewed it
 * @param reviewedAt when
 * @param publishedIn the labels version it went into
 */
public record Candidate(String id, String processKey, String processInstanceId, String activityId, String labelsFile,
		String labelsVersion, String text, String aiLabel, Double aiConfidence, Boolean aiSure, String humanLabel,
		String rejectedLabel, String reason, String decision, String decidedIn, String decidedBy, Instant decidedAt,
		String status, String finalLabel, String reviewedBy, Instant reviewedAt, Integer publishedIn) {

	static final String LABELLED = "labelled";

	static final String RETURNED = "returned";

}
