package io.steadyflow.readiness;

/** One or more readiness rules, checked over one process. */
interface ReadinessCheck {

	void check(ProcessView view, Findings findings);

}
