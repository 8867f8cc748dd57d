package dev.fpmjms.integrations.tomcat;

import dev.fpmjms.jms.FpmConnectionFactory;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.Message;
import jakarta.jms.Queue;
import jakarta.jms.TemporaryQueue;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import javax.naming.Context;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Hands every {@code POST /jobs} to a PHP worker and answers with the worker's reply.
 *
 * <p>The connection factory and the queue come from JNDI ({@code java:comp/env/jms/fpm} and
 * {@code java:comp/env/jms/jobs}), declared in {@code META-INF/context.xml}; this class does not
 * know it talks to fpm-jms. Each request sends the body as a TextMessage with a temporary queue as
 * JMSReplyTo and waits for the answer: {@code 200} with the worker's text, {@code 504} when none
 * comes within the init-param {@code replyTimeoutMillis} (default 10000), {@code 502} when the
 * provider fails. {@code GET /jobs} shows the connection factory's configuration.
 *
 * <p>Thread-safe: each request uses its own {@code JMSContext}.
 */
public class JobServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    private transient ConnectionFactory factory;
    private transient Queue jobs;
    private long replyTimeoutMillis;

    @Override
    public void init() throws ServletException {
        try {
            Context env = (Context) new InitialContext().lookup("java:comp/env");
            factory = (ConnectionFactory) env.lookup("jms/fpm");
            jobs = (Queue) env.lookup("jms/jobs");
        } catch (NamingException e) {
            throw new ServletException("cannot look up the JMS resources java:comp/env/jms/fpm and jms/jobs: " + e, e);
        }
        String timeout = getInitParameter("replyTimeoutMillis");
        replyTimeoutMillis = timeout == null ? 10_000 : Long.parseLong(timeout);
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/plain;charset=UTF-8");
        // The only fpm-jms specific line: which configuration the resource has, for operators.
        String config = factory instanceof FpmConnectionFactory fpm ? fpm.getUri() : factory.toString();
        response.getWriter().println("connection factory " + config + ", queue " + jobs);
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String text = new String(request.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String jobId = UUID.randomUUID().toString();
        response.setHeader("X-Job-Id", jobId);
        try (JMSContext jms = factory.createContext()) {
            TemporaryQueue replies = jms.createTemporaryQueue();
            JMSConsumer consumer = jms.createConsumer(replies);
            jms.createProducer().setJMSReplyTo(replies).setProperty("jobId", jobId).send(jobs, text);
            Message reply = consumer.receive(replyTimeoutMillis);
            if (reply == null) {
                response.sendError(HttpServletResponse.SC_GATEWAY_TIMEOUT, "no answer from the worker within "
                        + replyTimeoutMillis + " ms for job " + jobId);
                return;
            }
            response.setContentType("application/json;charset=UTF-8");
            response.getWriter().write(reply.getBody(String.class));
        } catch (JMSRuntimeException | JMSException e) {
            log("job " + jobId + " failed", e);
            response.sendError(HttpServletResponse.SC_BAD_GATEWAY, "job " + jobId + " failed: " + e.getMessage());
        }
    }
}
