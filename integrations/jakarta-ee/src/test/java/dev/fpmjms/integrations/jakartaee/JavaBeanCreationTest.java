package dev.fpmjms.integrations.jakartaee;

import dev.fpmjms.config.FpmConfig;
import jakarta.jms.ConnectionFactory;
import org.junit.jupiter.api.Test;

import java.beans.Introspector;
import java.beans.PropertyDescriptor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The path every container-side creator takes that knows only a class name and string properties
 * ({@code @JMSConnectionFactoryDefinition}, a resource adapter's {@code ManagedConnectionFactory},
 * GlassFish's {@code JavaBeanFactory}, Spring XML): load the class, call the no-argument
 * constructor, then set each property through its JavaBean setter, found with {@link Introspector}.
 * No php-fpm is started: the factory connects only when used.
 */
class JavaBeanCreationTest {

    /** What a container does with {@code className} and {@code properties = {"name=value", ...}}. */
    private static Object create(String className, Map<String, String> properties) throws Exception {
        Object bean = Class.forName(className).getDeclaredConstructor().newInstance();
        for (Map.Entry<String, String> p : properties.entrySet()) {
            Method setter = property(bean.getClass(), p.getKey()).map(PropertyDescriptor::getWriteMethod)
                    .orElseThrow(() -> new IllegalArgumentException("no JavaBean property " + p.getKey()));
            assertEquals(String.class, setter.getParameterTypes()[0], "string setter for " + p.getKey());
            try {
                setter.invoke(bean, p.getValue());
            } catch (InvocationTargetException e) {
                throw (Exception) e.getCause();
            }
        }
        return bean;
    }

    @Test
    void uriAndPropertiesAreStringBeanProperties() throws Exception {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("uri", "fpm://?name=bean-test&route.mail=unix:/run/php/php8.2-fpm.sock|/srv/app/mail.php");
        properties.put("properties", "route.mail.maxInFlight=8; maxQueueMessages=50000");
        ConnectionFactory factory = assertInstanceOf(ConnectionFactory.class,
                create("dev.fpmjms.jms.FpmConnectionFactory", properties));

        FpmConfig config = ((dev.fpmjms.jms.FpmConnectionFactory) factory).getConfig();
        assertEquals("bean-test", config.name());
        assertEquals(8, config.routes().get("mail").maxInFlight());
        assertEquals("/srv/app/mail.php", config.routes().get("mail").script());
        assertEquals(50_000, config.maxQueueMessages());
        // The getter gives the canonical URI, so a container can show or export what it set.
        String uri = (String) property(factory.getClass(), "uri").orElseThrow().getReadMethod().invoke(factory);
        assertTrue(uri.contains("route.mail.maxInFlight=8"), uri);
        assertTrue(uri.contains("maxQueueMessages=50000"), uri);
    }

    @Test
    void aBadSettingFailsCreationAndNamesIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> create(
                "dev.fpmjms.jms.FpmConnectionFactory", Map.of("properties", "route.mail.maxInFlight=8")));
        assertTrue(e.getMessage().contains("route"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> create(
                "dev.fpmjms.jms.FpmConnectionFactory", Map.of("uri", "fpm://?maxQueueMessages=lots")));
        assertTrue(e.getMessage().contains("'maxQueueMessages'") && e.getMessage().contains("lots"), e.getMessage());
    }

    private static Optional<PropertyDescriptor> property(Class<?> type, String name) throws Exception {
        return Arrays.stream(Introspector.getBeanInfo(type).getPropertyDescriptors())
                .filter(d -> d.getName().equals(name)).findFirst();
    }
}
