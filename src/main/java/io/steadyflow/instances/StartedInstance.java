package io.steadyflow.instances;

/**
 * A newly started process instance.
 *
 * @param id the process instance id
 * @param processDefinitionKey the process key
 * @param processDefinitionVersion the version that runs
 * @param businessKey the business key, if one was given
 * @param ended whether the instance already ran to its end
 */
public record StartedInstance(String id, String processDefinitionKey, int processDefinitionVersion, String businessKey,
		boolean ended) {
}
