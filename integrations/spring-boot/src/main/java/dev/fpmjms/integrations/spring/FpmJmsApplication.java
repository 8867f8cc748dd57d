package dev.fpmjms.integrations.spring;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;

import java.time.Duration;
import java.util.List;

/**
 * A Spring Boot application whose JMS queues are served by PHP workers under php-fpm.
 *
 * <p>Spring Boot's own JMS auto-configuration does the rest once a {@code ConnectionFactory} bean
 * exists (made by the fpm-jms starter from {@code fpmjms.*}): a {@code JmsTemplate}, a
 * {@code JmsMessagingTemplate} and the default {@code @JmsListener} container factory, all using
 * the JSON message converter bean of {@link FpmJmsConfiguration}. Nothing here is specific to
 * fpm-jms except the properties.
 *
 * <p>Run it with {@code mvn -pl integrations/spring-boot -am package} and then
 * {@code java -cp ... dev.fpmjms.integrations.spring.FpmJmsApplication}; it sends one order and one
 * shipping request, prints the answers and exits.
 */
@SpringBootApplication
public class FpmJmsApplication {

    public static void main(String[] args) throws Exception {
        // application.properties names the workers as ${fpmjms.workers-dir}/NAME.php; a real
        // deployment points at its PHP code base instead of unpacking the example's workers.
        if (System.getProperty(WorkerScripts.DIRECTORY_PROPERTY) == null) {
            System.setProperty(WorkerScripts.DIRECTORY_PROPERTY, WorkerScripts.install().toString());
        }
        try (ConfigurableApplicationContext context = SpringApplication.run(FpmJmsApplication.class, args)) {
            Order order = new Order("A-1001", List.of(new OrderLine("pencil", 3, 250), new OrderLine("pad", 1, 1200)));
            context.getBean(OrderService.class).place(order);
            Invoice invoice = context.getBean(InvoiceListener.class).next(Duration.ofSeconds(30));
            System.out.println("invoice from PHP:  " + invoice);
            ShippingQuote quote = context.getBean(ShippingClient.class).quote(new ShippingRequest("FR", 1500));
            System.out.println("shipping from PHP: " + quote);
        }
    }
}
