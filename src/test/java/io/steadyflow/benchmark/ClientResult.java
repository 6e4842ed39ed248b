package io.steadyflow.benchmark;

import java.util.List;
import java.util.Map;

/**
 * What one client did in one phase.
 *
 * @param latencies per operation, successful requests only
 * @param errorCount requests that did not answer as the API documents
 * @param errorSamples the first few of those answers, to say what went wrong
 * @param completedInvoices invoices started and approved
 * @param listRequests task-list pages fetched to find the approval tasks
 * @param lastInstanceId the last instance this client started
 */
record ClientResult(Map<Operation, Latencies> latencies, long errorCount, List<String> errorSamples,
		int completedInvoices, long listRequests, String lastInstanceId) {
}
