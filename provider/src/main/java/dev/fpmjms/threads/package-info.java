/**
 * Thread plumbing shared by the layers that run threads of their own:
 * {@link dev.fpmjms.threads.Wakeups} (wake-ups of other threads deferred to the end of a batch) and
 * {@link dev.fpmjms.threads.DaemonThreads} (the one thread factory: named daemon threads that
 * never hold up JVM exit).
 *
 * <p>Layer: the bottom, beside {@code envelope}. Imports only {@code java.*}. Responsible for one
 * thing: how fpm-jms threads are made and woken.
 */
package dev.fpmjms.threads;
