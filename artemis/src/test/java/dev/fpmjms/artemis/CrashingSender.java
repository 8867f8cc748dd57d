package dev.fpmjms.artemis;

import dev.fpmjms.jms.FpmConnectionFactory;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;

import java.io.PrintStream;

/**
 * An application instance in a child JVM for {@link ArtemisFaultsIT}: through an
 * {@link FpmConnectionFactory} in broker mode (not dispatching) it sends persistent text messages
 * {@code 0..count-1} to a worker queue and prints each number once {@code send()} has returned.
 * The parent kills it with {@code kill -9} midway.
 *
 * <p>Usage: {@code CrashingSender <fpm URI> <queue> <count>}
 */
public final class CrashingSender {
    private CrashingSender() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, "US-ASCII");
        FpmConnectionFactory factory = new FpmConnectionFactory(args[0]);
        int count = Integer.parseInt(args[2]);
        try (Connection c = factory.createConnection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer p = s.createProducer(s.createQueue(args[1]));
            p.setDeliveryMode(DeliveryMode.PERSISTENT);
            for (int i = 0; i < count; i++) {
                p.send(s.createTextMessage(Integer.toString(i)));
                out.println(i);
            }
        }
        out.println("done");
        factory.shutdown();
    }
}
