package io.steadyflow.benchmark;

/** What the benchmark times, each request on its own and the whole invoice. */
enum Operation {

	START("start invoice", true), LIST("list tasks", true), CLAIM("claim approval", true),
	COMPLETE("complete approval", true), INVOICE("invoice (start to approved)", false);

	private final String label;

	private final boolean request;

	Operation(String label, boolean request) {
		this.label = label;
		this.request = request;
	}

	String label() {
		return this.label;
	}

	/** Whether it is one HTTP request (and so counts towards "all requests"). */
	boolean request() {
		return this.request;
	}

}
