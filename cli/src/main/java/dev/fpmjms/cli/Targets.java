package dev.fpmjms.cli;

import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;
import dev.fpmjms.admin.DeadLetterAdmin;
import dev.fpmjms.admin.DeadLetterJmx;
import dev.fpmjms.admin.JournalDeadLetters;
import dev.fpmjms.artemis.BrokerDeadLetters;
import dev.fpmjms.config.BrokerSettings;
import dev.fpmjms.store.StoreException;

import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import java.io.Closeable;
import java.io.IOException;
import java.net.MalformedURLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Opens the dead letters a command line names: over JMX (an address, or a local JVM found by its
 * process id through the attach API), in a journal directory, or on an Artemis broker directly
 * (broker mode, no application needed). Failures to reach the target are
 * {@link ExitCode#UNREACHABLE} with a message that says what to check.
 */
final class Targets {
    /** The environment variable that holds the password of {@code --jmx-user}: never on the command line. */
    static final String PASSWORD_VARIABLE = "FPM_JMS_JMX_PASSWORD";
    /** The environment variable that holds the password of {@code --broker-user}. */
    static final String BROKER_PASSWORD_VARIABLE = "FPM_JMS_BROKER_PASSWORD";
    /** The connector address property of a JVM's local management agent. */
    private static final String LOCAL_CONNECTOR = "com.sun.management.jmxremote.localConnectorAddress";

    private Targets() {
    }

    /** Dead letters and what to close when done. */
    record Opened(DeadLetterAdmin admin, Closeable resource) implements Closeable {
        @Override
        public void close() throws IOException {
            resource.close();
        }
    }

    /**
     * Opens the target.
     *
     * @param environment the environment variables ({@link #PASSWORD_VARIABLE})
     */
    static Opened open(Arguments.Target target, Map<String, String> environment) throws CliException {
        if (target.journal() != null) {
            return journal(target);
        }
        if (target.broker() != null) {
            return broker(target, environment);
        }
        JMXServiceURL url = target.pid() != null ? attach(target.pid()) : url(target.jmx());
        Map<String, Object> credentials = new HashMap<>();
        if (target.jmxUser() != null) {
            String password = environment.get(PASSWORD_VARIABLE);
            if (password == null) {
                throw new CliException(ExitCode.USAGE, "--jmx-user " + target.jmxUser() + " needs the password in the "
                        + "environment variable " + PASSWORD_VARIABLE);
            }
            credentials.put(JMXConnector.CREDENTIALS, new String[]{target.jmxUser(), password});
        }
        JMXConnector connector;
        try {
            connector = JMXConnectorFactory.connect(url, credentials);
        } catch (IOException | SecurityException e) {
            throw new CliException(ExitCode.UNREACHABLE, "cannot connect to JMX at " + url + ": " + e.getMessage()
                    + " (is the application running with a JMX connector there?)", e);
        }
        try {
            MBeanServerConnection server = connector.getMBeanServerConnection();
            return new Opened(new JmxDeadLetters(server, engine(server, target.engine())), connector);
        } catch (IOException e) {
            close(connector);
            throw new CliException(ExitCode.UNREACHABLE, "JMX at " + url + " failed: " + e.getMessage(), e);
        } catch (CliException | RuntimeException e) {
            close(connector);
            throw e;
        }
    }

    private static Opened journal(Arguments.Target target) throws CliException {
        try {
            JournalDeadLetters letters = JournalDeadLetters.open(target.journal(), target.deadLetterQueue());
            return new Opened(letters, letters::close);
        } catch (IllegalArgumentException | StoreException e) {
            throw new CliException(ExitCode.UNREACHABLE, e.getMessage(), e);
        }
    }

    /** The broker's dead-letter queue, over a connection of the tool's own. */
    private static Opened broker(Arguments.Target target, Map<String, String> environment) throws CliException {
        BrokerSettings settings;
        try {
            settings = new BrokerSettings(List.of(target.broker().split(",", -1)), Map.of(), false);
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCode.USAGE, "--broker: " + e.getMessage(), e);
        }
        if (target.brokerUser() != null) {
            String password = environment.get(BROKER_PASSWORD_VARIABLE);
            if (password == null) {
                throw new CliException(ExitCode.USAGE, "--broker-user " + target.brokerUser() + " needs the password in the "
                        + "environment variable " + BROKER_PASSWORD_VARIABLE);
            }
            settings = settings.withOption("user", target.brokerUser()).withOption("password", password);
        }
        try {
            BrokerDeadLetters letters = BrokerDeadLetters.open(settings, target.deadLetterQueue());
            return new Opened(letters, letters::close);
        } catch (IllegalStateException e) {
            throw new CliException(ExitCode.UNREACHABLE, e.getMessage(), e);
        }
    }

    /** {@code host:port} of an RMI registry with the connector at {@code jmxrmi} (the JVM's {@code -Dcom.sun.management.jmxremote.port}), or a full URL. */
    static JMXServiceURL url(String address) throws CliException {
        String text = address.startsWith("service:jmx:") ? address : "service:jmx:rmi:///jndi/rmi://" + hostPort(address) + "/jmxrmi";
        try {
            return new JMXServiceURL(text);
        } catch (MalformedURLException e) {
            throw new CliException(ExitCode.USAGE, "--jmx: not a JMX service URL: '" + address + "' (" + e.getMessage() + ")", e);
        }
    }

    private static String hostPort(String address) throws CliException {
        int colon = address.lastIndexOf(':');
        if (colon <= 0 || colon == address.length() - 1) {
            throw new CliException(ExitCode.USAGE, "--jmx needs HOST:PORT or a service:jmx: URL, was '" + address + "'");
        }
        String port = address.substring(colon + 1);
        try {
            int p = Integer.parseInt(port);
            if (p < 1 || p > 65535) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            throw new CliException(ExitCode.USAGE, "--jmx: port must be 1..65535, was '" + port + "' in '" + address + "'");
        }
        return address;
    }

    /** The connector address of a local JVM, starting its local management agent if it has none yet. */
    private static JMXServiceURL attach(long pid) throws CliException {
        VirtualMachine vm;
        try {
            vm = VirtualMachine.attach(Long.toString(pid));
        } catch (AttachNotSupportedException | IOException e) {
            throw new CliException(ExitCode.UNREACHABLE, "cannot attach to process " + pid + ": " + e.getMessage()
                    + " (is it a running JVM of the same user? ps -p " + pid + ")", e);
        }
        try {
            String address = vm.getAgentProperties().getProperty(LOCAL_CONNECTOR);
            if (address == null) {
                address = vm.startLocalManagementAgent();
            }
            return new JMXServiceURL(address);
        } catch (IOException e) {
            throw new CliException(ExitCode.UNREACHABLE, "process " + pid + " gives no JMX connector: " + e.getMessage(), e);
        } finally {
            try {
                vm.detach();
            } catch (IOException e) {
                // detaching from a JVM that went away: nothing to undo
            }
        }
    }

    /** The dead letters' MBean of the named engine, or of the only one. */
    private static ObjectName engine(MBeanServerConnection server, String engine) throws IOException, CliException {
        if (engine != null) {
            ObjectName name = DeadLetterJmx.objectName(engine);
            if (!server.isRegistered(name)) {
                throw new CliException(ExitCode.UNREACHABLE, "no fpm-jms engine '" + engine + "' there; running: "
                        + engines(server.queryNames(DeadLetterJmx.pattern(), null)));
            }
            return name;
        }
        Set<ObjectName> names = server.queryNames(DeadLetterJmx.pattern(), null);
        if (names.isEmpty()) {
            throw new CliException(ExitCode.UNREACHABLE, "no fpm-jms engine runs there (no MBean "
                    + DeadLetterJmx.pattern() + "): has the application made its first fpm-jms connection?");
        }
        if (names.size() > 1) {
            throw new CliException(ExitCode.USAGE, "several fpm-jms engines run there: " + engines(names)
                    + "; name one with --engine NAME");
        }
        return names.iterator().next();
    }

    private static List<String> engines(Set<ObjectName> names) {
        Set<String> sorted = new TreeSet<>();
        for (ObjectName n : names) {
            String e = n.getKeyProperty("engine");
            sorted.add(e.startsWith("\"") ? ObjectName.unquote(e) : e);
        }
        return List.copyOf(sorted);
    }

    private static void close(JMXConnector connector) {
        try {
            connector.close();
        } catch (IOException e) {
            // the connection failed already; the error at hand says so
        }
    }
}
