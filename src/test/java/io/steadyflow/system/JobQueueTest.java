package io.steadyflow.system;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The job executor's queue offers Flowable's acquisition a whole batch or nothing, and
 * still holds no more than its capacity.
 */
class JobQueueTest {

	@Test
	void offersRoomForAWholeBatchOnlyWhenEmpty() {
		EngineConfiguration.RefilledWhenEmpty queue = new EngineConfiguration.RefilledWhenEmpty(8);
		assertThat(queue.remainingCapacity()).isEqualTo(8);

		assertThat(queue.offer(() -> {
		})).isTrue();
		assertThat(queue.remainingCapacity()).as("one job waiting").isZero();

		queue.clear();
		assertThat(queue.remainingCapacity()).as("taken by the threads").isEqualTo(8);
	}

	@Test
	void holdsNoMoreThanItsCapacity() {
		EngineConfiguration.RefilledWhenEmpty queue = new EngineConfiguration.RefilledWhenEmpty(8);
		for (int i = 0; i < 8; i++) {
			assertThat(queue.offer(() -> {
			})).isTrue();
		}
		assertThat(queue.offer(() -> {
		})).as("a ninth job").isFalse();
		assertThat(queue).hasSize(8);
	}

}
