package io.steadyflow.system;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The threads that run the engine's asynchronous jobs on this node.
 *
 * @param threads how many jobs run at once
 * @param queueCapacity how many acquired (and so locked) jobs may wait for a thread. The
 * executor acquires only as many jobs as it has room for, so a node holds at most
 * {@code threads + queueCapacity} locks: when it dies, only those are stranded until
 * their lock expires, while the other nodes take everything else at once. Flowable's
 * default queue of 100 let a dead node strand a hundred jobs for the whole lock time.
 */
@ConfigurationProperties("steadyflow.jobs")
record JobExecutorProperties(@DefaultValue("8") int threads, @DefaultValue("8") int queueCapacity) {
}
