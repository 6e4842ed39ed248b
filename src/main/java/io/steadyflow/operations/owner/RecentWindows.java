package io.steadyflow.operations.owner;

import java.time.Duration;

/** The windows of the overview's "started" and "ended" columns. */
final class RecentWindows {

	static final Duration DAY = Duration.ofHours(24);

	static final Duration WEEK = Duration.ofDays(7);

	static final Duration MONTH = Duration.ofDays(30);

	private RecentWindows() {
	}

}
