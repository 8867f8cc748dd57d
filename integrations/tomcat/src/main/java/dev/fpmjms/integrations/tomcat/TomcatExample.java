package dev.fpmjms.integrations.tomcat;

import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.scan.StandardJarScanner;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Runs the example web application ({@code src/main/webapp}) on an embedded Tomcat, as a
 * standalone Tomcat would with the same {@code context.xml} and {@code web.xml}.
 *
 * <p>{@code java ... TomcatExample [port]} (default 8080) serves {@code http://localhost:PORT/app/jobs}
 * from the module's directory until stopped; {@code curl --data 'some words' localhost:8080/app/jobs}
 * sends a job.
 */
public final class TomcatExample {
    /** The system property {@code context.xml} reads the workers' directory from. */
    public static final String WORKERS_PROPERTY = "fpmjms.workers";
    /** The system property {@code context.xml} reads the job log file from. */
    public static final String JOB_LOG_PROPERTY = "fpmjms.jobLog";

    private TomcatExample() {
    }

    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8080;
        if (System.getProperty(WORKERS_PROPERTY) == null) {
            System.setProperty(WORKERS_PROPERTY, WorkerScripts.install().toString());
        }
        if (System.getProperty(JOB_LOG_PROPERTY) == null) {
            System.setProperty(JOB_LOG_PROPERTY, Files.createTempFile("fpm-jms-jobs-", ".log").toString());
        }
        Tomcat tomcat = start(port, Files.createTempDirectory("fpm-jms-tomcat-"), Path.of("src/main/webapp"));
        System.out.println("serving http://localhost:" + tomcat.getConnector().getLocalPort() + "/app/jobs, jobs logged to "
                + System.getProperty(JOB_LOG_PROPERTY));
        tomcat.getServer().await();
    }

    /**
     * Starts Tomcat on {@code 127.0.0.1:port} (0 picks a free port) with JNDI enabled and the web
     * application at {@code /app}. The caller stops it with {@code stop()} and {@code destroy()},
     * which also calls each resource's {@code closeMethod} (the factory's {@code shutdown}).
     *
     * @throws LifecycleException when Tomcat or the application does not start
     */
    public static Tomcat start(int port, Path baseDir, Path webappDir) throws LifecycleException {
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(baseDir.toAbsolutePath().toString());
        tomcat.setPort(port);
        tomcat.getConnector().setProperty("address", "127.0.0.1");
        tomcat.enableNaming();
        // web.xml declares everything: no JSP servlet or default servlet needed.
        tomcat.setAddDefaultWebXmlToWebapp(false);
        Context context = tomcat.addWebapp("/app", webappDir.toAbsolutePath().toString());
        StandardJarScanner scanner = new StandardJarScanner();
        scanner.setScanClassPath(false);   // no web fragments on the class path; saves the scan
        context.setJarScanner(scanner);
        tomcat.start();
        if (!context.getState().isAvailable()) {
            tomcat.stop();
            tomcat.destroy();
            throw new LifecycleException("the web application did not start (state " + context.getState()
                    + "); see the log above");
        }
        return tomcat;
    }
}
