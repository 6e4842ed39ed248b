package io.steadyflow.system;

import java.lang.management.ManagementFactory;
import java.time.Duration;

import com.sun.management.HotSpotDiagnosticMXBean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * The JVM options an idle node is given: a periodic collection and a lower bound on the
 * free heap it keeps, set in the running JVM. (What they return is measured by the
 * footprint benchmark.)
 */
class IdleHeapTest {

	private final HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);

	@AfterEach
	void asTheApplicationSetsThem() {
		new IdleHeap(Duration.ofSeconds(30), 30).apply();
	}

	@Test
	void theRunningJvmGetsAPeriodicCollectionAndGivesBackFreeHeap() {
		assumeThat(ManagementFactory.getGarbageCollectorMXBeans()).as("the JVM runs G1")
			.anyMatch((collector) -> collector.getName().startsWith("G1 "));

		new IdleHeap(Duration.ofSeconds(45), 25).apply();

		assertThat(this.hotspot.getVMOption("G1PeriodicGCInterval").getValue()).isEqualTo("45000");
		assertThat(this.hotspot.getVMOption("MaxHeapFreeRatio").getValue()).isEqualTo("25");
		assertThat(this.hotspot.getVMOption("MinHeapFreeRatio").getValue()).isEqualTo("10");
	}

	@Test
	void zeroLeavesTheJvmAsItIs() {
		String before = this.hotspot.getVMOption("G1PeriodicGCInterval").getValue();

		new IdleHeap(Duration.ZERO, 25).apply();

		assertThat(this.hotspot.getVMOption("G1PeriodicGCInterval").getValue()).isEqualTo(before);
	}

}
