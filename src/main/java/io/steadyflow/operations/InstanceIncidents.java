package io.steadyflow.operations;

import java.util.List;

import org.springframework.stereotype.Component;

/**
 * The incidents of one instance, for the instance page's incident box. The page template
 * asks this bean ({@code @instanceIncidents}), so the instances package needs no
 * knowledge of operations.
 */
@Component("instanceIncidents")
public class InstanceIncidents {

	private final Incidents incidents;

	InstanceIncidents(Incidents incidents) {
		this.incidents = incidents;
	}

	/** The instance's incidents, newest first; none for an ended or unknown instance. */
	public List<IncidentView> of(String processInstanceId) {
		return this.incidents.list(null, processInstanceId);
	}

}
