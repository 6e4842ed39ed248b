package io.steadyflow.system;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.OperatingSystemMXBean;
import com.sun.management.VMOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * An idle node gives back the heap it does not use. Start-up (parsing and deploying the
 * diagrams, loading the embedding model) and every burst of work make the JVM commit heap
 * that it keeps when the work is done: an idle node held about 640 MB, of which some 63
 * MB were live objects (docs/performance.md, "Footprint"). G1's periodic collection (JDK
 * 12+, JEP 346) runs a concurrent cycle when no collection ran for a while, and a lower
 * {@code MaxHeapFreeRatio} lets that cycle return what is free beyond it to the operating
 * system.
 * <p>
 * Both are manageable JVM options, set once the application is ready, whichever way it
 * was started ({@code java -jar}, the Docker image, {@code spring-boot:run}):
 * <ul>
 * <li>{@code G1PeriodicGCInterval} = {@code steadyflow.memory.idle-collection} (30 s; 0
 * turns all of this off). Under load collections run anyway, so it adds nothing
 * then.</li>
 * <li>{@code MaxHeapFreeRatio} = {@code steadyflow.memory.max-heap-free-percent} (30; the
 * JVM's is 70), only while the node is idle (under 2 % of a core over the last
 * {@value #CHECK_SECONDS} s), and back to the JVM's value as soon as it works: kept low
 * under load, it would make every concurrent cycle shrink the heap that the next young
 * collections need.</li>
 * </ul>
 * An option given when the JVM was launched wins, and with another collector than G1
 * nothing is changed.
 */
@Component
class IdleHeap implements DisposableBean {

	static final int CHECK_SECONDS = 10;

	private static final Logger logger = LoggerFactory.getLogger(IdleHeap.class);

	private final Duration idleCollection;

	private final int maxHeapFreePercent;

	private final HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);

	private final OperatingSystemMXBean system = ManagementFactory.getPlatformMXBean(OperatingSystemMXBean.class);

	private ScheduledExecutorService checks;

	/** The JVM's own free-heap bounds, restored when the node works; null: not ours. */
	private String jvmMinFree;

	private String jvmMaxFree;

	private boolean lowered;

	private long lastCpuNanos;

	private long lastCheckNanos;

	IdleHeap(@Value("${steadyflow.memory.idle-collection:30s}") Duration idleCollection,
			@Value("${steadyflow.memory.max-heap-free-percent:30}") int maxHeapFreePercent) {
		this.idleCollection = idleCollection;
		this.maxHeapFreePercent = maxHeapFreePercent;
	}

	/** Once started: start-up itself runs on the JVM's own settings. */
	@EventListener(ApplicationReadyEvent.class)
	void apply() {
		if (this.idleCollection.isZero() || !g1()) {
			return;
		}
		set("G1PeriodicGCInterval", Long.toString(this.idleCollection.toMillis()));
		if (ours("MinHeapFreeRatio") && ours("MaxHeapFreeRatio")) {
			this.jvmMinFree = this.hotspot.getVMOption("MinHeapFreeRatio").getValue();
			this.jvmMaxFree = this.hotspot.getVMOption("MaxHeapFreeRatio").getValue();
			this.lastCpuNanos = this.system.getProcessCpuTime();
			this.lastCheckNanos = System.nanoTime();
			this.checks = Executors.newSingleThreadScheduledExecutor((task) -> {
				Thread thread = new Thread(task, "steadyflow-idle-heap");
				thread.setDaemon(true);
				return thread;
			});
			this.checks.scheduleWithFixedDelay(this::check, CHECK_SECONDS, CHECK_SECONDS, TimeUnit.SECONDS);
		}
	}

	private void check() {
		try {
			long cpu = this.system.getProcessCpuTime();
			long now = System.nanoTime();
			idle(cpu - this.lastCpuNanos < (now - this.lastCheckNanos) / 50);
			this.lastCpuNanos = cpu;
			this.lastCheckNanos = now;
		}
		catch (RuntimeException ex) {
			logger.debug("Idle heap check skipped: {}", ex.getMessage());
		}
	}

	/** Lowers the free-heap bound while idle, restores the JVM's when working. */
	void idle(boolean idle) {
		if (idle == this.lowered || this.jvmMaxFree == null) {
			return;
		}
		if (idle) {
			// MinHeapFreeRatio may not exceed MaxHeapFreeRatio: lowered first
			set("MinHeapFreeRatio", Integer.toString(Math.min(10, this.maxHeapFreePercent)));
			set("MaxHeapFreeRatio", Integer.toString(this.maxHeapFreePercent));
		}
		else {
			set("MaxHeapFreeRatio", this.jvmMaxFree);
			set("MinHeapFreeRatio", this.jvmMinFree);
		}
		this.lowered = idle;
	}

	/** Not given when the JVM was launched (command line, JAVA_TOOL_OPTIONS, a file). */
	private boolean ours(String option) {
		VMOption.Origin origin = this.hotspot.getVMOption(option).getOrigin();
		return origin == VMOption.Origin.DEFAULT || origin == VMOption.Origin.MANAGEMENT;
	}

	private void set(String option, String value) {
		try {
			if (ours(option)) {
				this.hotspot.setVMOption(option, value);
			}
		}
		catch (RuntimeException ex) {
			logger.info("JVM option {} left as it is: {}", option, ex.getMessage());
		}
	}

	private static boolean g1() {
		return ManagementFactory.getGarbageCollectorMXBeans()
			.stream()
			.map(GarbageCollectorMXBean::getName)
			.anyMatch((name) -> name.startsWith("G1 "));
	}

	@Override
	public void destroy() {
		if (this.checks != null) {
			this.checks.shutdownNow();
		}
		idle(false);
	}

}
