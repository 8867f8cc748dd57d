package dev.fpmjms.integrations.jakartaee;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.Message;
import jakarta.jms.Queue;
import jakarta.jms.TemporaryQueue;

import java.util.Optional;

/**
 * Hands jobs to PHP: a Jakarta EE bean that gets its connection factory injected by the container
 * with {@code @Resource}, as it would get any JMS provider's. The resources are declared in
 * {@code WEB-INF/glassfish-resources.xml}: {@code java:app/jms/fpm} made by fpm-jms's
 * {@code FpmObjectFactory}, {@code java:app/jms/fpmBean} made the JavaBean way (no-argument
 * constructor, then setters) by the container's generic bean factory.
 *
 * <p>A singleton EJB: the container serialises calls (container-managed {@code @Lock(WRITE)} by
 * default), which a real service would relax with {@code @Lock(READ)}; JMSContext per call.
 */
@Singleton
public class JobService {
    @Resource(lookup = "java:app/jms/fpm")
    private ConnectionFactory factory;

    @Resource(lookup = "java:app/jms/fpmBean")
    private ConnectionFactory beanFactory;

    @Resource(lookup = "java:app/jms/jobs")
    private Queue jobs;

    /**
     * Sends {@code text} to the queue {@code jobs} and waits for the worker's answer.
     *
     * @param viaBeanFactory use the factory the container made with JavaBean setters
     * @return the worker's answer, empty when none comes within {@code timeoutMillis}
     */
    public Optional<String> submit(String text, boolean viaBeanFactory, long timeoutMillis) {
        try (JMSContext jms = (viaBeanFactory ? beanFactory : factory).createContext()) {
            TemporaryQueue replies = jms.createTemporaryQueue();
            JMSConsumer consumer = jms.createConsumer(replies);
            jms.createProducer().setJMSReplyTo(replies).send(jobs, text);
            Message reply = consumer.receive(timeoutMillis);
            return reply == null ? Optional.empty() : Optional.of(reply.getBody(String.class));
        } catch (jakarta.jms.JMSException e) {
            throw new jakarta.jms.JMSRuntimeException("reply of job could not be read: " + e.getMessage(), e.getErrorCode(), e);
        }
    }

    /** The injected factories, for the info page. */
    public String describe() {
        return "factory " + factory + ", bean factory " + beanFactory + ", queue " + jobs;
    }

    /**
     * Stops fpm-jms (and its embedded php-fpm) with the application. Containers do not close
     * custom resources on undeploy; a production setup against a system php-fpm pool may skip this.
     */
    @PreDestroy
    void shutdown() {
        for (ConnectionFactory f : new ConnectionFactory[]{factory, beanFactory}) {
            if (f instanceof dev.fpmjms.jms.FpmConnectionFactory fpm) {
                fpm.shutdown();
            }
        }
    }
}
