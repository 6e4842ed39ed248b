package io.steadyflow.security;

/**
 * Steadyflow's roles, as used in {@code steadyflow.security.users[].roles}.
 */
public final class Roles {

	/** May deploy processes: deploying BPMN is deploying code. */
	public static final String AUTHOR = "author";

	/** Works on tasks. */
	public static final String WORKER = "worker";

	/** Watches and repairs running work: incidents, retries, cancellations. */
	public static final String OPERATOR = "operator";

	/**
	 * Reads the metrics ({@code /actuator/prometheus}) and nothing else: the account a
	 * Prometheus server scrapes with.
	 */
	public static final String MONITOR = "monitor";

	/** Everything, including Flowable's own REST API. */
	public static final String ADMIN = "admin";

	static final String GROUP_PREFIX = "GROUP_";

	private Roles() {
	}

}
