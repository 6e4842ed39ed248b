package io.steadyflow.system;

import java.lang.management.ManagementFactory;
import java.time.Duration;

import com.sun.management.HotSpotDiagnosticMXBean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * The JVM options an idle node is given: a periodic collection, and a lower bound on the
 * free heap it keeps only while it is idle, set in the running JVM. (What they return is
 * measured by the footprint benchmark.)
 */
class IdleHeapTest {

	private final HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);

	@BeforeEach
	void onG1() {
		assumeThat(ManagementFactory.getGarbageCollectorMXBeans()).as("the JVM runs G1")
			.anyMatch((collector) -> collector.getName().startsWith("G1 "));
	}

	private String option(String name) {
		return this.hotspot.getVMOption(name).getValue();
	}

	@Test
	void aPeriodicCollectionAlwaysAndALowFreeHeapBoundOnlyWhileIdle() {
		String jvmMax = option("MaxHeapFreeRatio");
		String jvmMin = option("MinHeapFreeRatio");
		IdleHeap heap = new IdleHeap(Duration.ofSeconds(45), 25);
		heap.apply();
		try {
			assertThat(option("G1PeriodicGCInterval")).isEqualTo("45000");
			assertThat(option("MaxHeapFreeRatio")).as("working: the JVM's").isEqualTo(jvmMax);

			heap.idle(true);
			assertThat(option("MaxHeapFreeRatio")).isEqualTo("25");
			assertThat(option("MinHeapFreeRatio")).isEqualTo("10");

			heap.idle(false);
			assertThat(option("MaxHeapFreeRatio")).isEqualTo(jvmMax);
			assertThat(option("MinHeapFreeRatio")).isEqualTo(jvmMin);
		}
		finally {
			heap.destroy();
		}
		assertThat(option("MaxHeapFreeRatio")).isEqualTo(jvmMax);
	}

	@Test
	void zeroLeavesTheJvmAsItIs() {
		String interval = option("G1PeriodicGCInterval");
		String max = option("MaxHeapFreeRatio");
		IdleHeap heap = new IdleHeap(Duration.ZERO, 25);

		heap.apply();
		heap.idle(true);

		assertThat(option("G1PeriodicGCInterval")).isEqualTo(interval);
		assertThat(option("MaxHeapFreeRatio")).isEqualTo(max);
		heap.destroy();
	}

}
