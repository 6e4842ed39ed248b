package io.steadyflow.system;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 * system. Under load collections run anyway, so neither adds work then; G1 grows the heap
 * again when collections take too much time.
 * <p>
 * Both are manageable JVM options, so Steadyflow sets them once it has started, whichever
 * way it is started ({@code java -jar}, the Docker image, {@code spring-boot:run}):
 * {@code steadyflow.memory.idle-collection} (30 s; 0 turns it off) and
 * {@code steadyflow.memory.max-heap-free-percent} (30; 70 is the JVM's default). An
 * option given when the JVM was launched wins, and with another collector than G1 nothing
 * is changed.
 */
@Component
class IdleHeap {

	private static final Logger logger = LoggerFactory.getLogger(IdleHeap.class);

	private final Duration idleCollection;

	private final int maxHeapFreePercent;

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
		HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
		Map<String, String> options = new LinkedHashMap<>();
		options.put("G1PeriodicGCInterval", Long.toString(this.idleCollection.toMillis()));
		// MinHeapFreeRatio (default 40) may not exceed MaxHeapFreeRatio: lowered first
		options.put("MinHeapFreeRatio", Integer.toString(Math.min(10, this.maxHeapFreePercent)));
		options.put("MaxHeapFreeRatio", Integer.toString(this.maxHeapFreePercent));
		Map<String, String> set = new LinkedHashMap<>();
		for (Map.Entry<String, String> option : options.entrySet()) {
			try {
				VMOption.Origin origin = hotspot.getVMOption(option.getKey()).getOrigin();
				if (origin != VMOption.Origin.DEFAULT && origin != VMOption.Origin.MANAGEMENT) {
					// given on the command line, in JAVA_TOOL_OPTIONS or a flags file
					continue;
				}
				hotspot.setVMOption(option.getKey(), option.getValue());
				set.put(option.getKey(), option.getValue());
			}
			catch (RuntimeException ex) {
				logger.info("JVM option {} left as it is: {}", option.getKey(), ex.getMessage());
			}
		}
		logger.debug("Idle heap returned to the system: {}", set);
	}

	private static boolean g1() {
		return ManagementFactory.getGarbageCollectorMXBeans()
			.stream()
			.map(GarbageCollectorMXBean::getName)
			.anyMatch((name) -> name.startsWith("G1 "));
	}

}
