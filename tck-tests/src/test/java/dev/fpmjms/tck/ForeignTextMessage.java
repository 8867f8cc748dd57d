package dev.fpmjms.tck;

import jakarta.jms.Destination;
import jakarta.jms.TextMessage;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A {@link TextMessage} that belongs to no provider: a proxy over two maps. The spec requires a
 * provider to send such messages (message objects of another implementation) like its own.
 * Only what a provider needs for sending is implemented; other methods throw.
 */
final class ForeignTextMessage implements InvocationHandler {

    private final Map<String, Object> headers = new HashMap<>();
    private final Map<String, Object> properties = new LinkedHashMap<>();
    private String text;

    static TextMessage create(String text) {
        ForeignTextMessage handler = new ForeignTextMessage();
        handler.text = text;
        return (TextMessage) Proxy.newProxyInstance(ForeignTextMessage.class.getClassLoader(),
                new Class<?>[] {TextMessage.class}, handler);
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) {
        String name = method.getName();
        switch (name) {
            case "getText":
                return text;
            case "setText":
                text = (String) args[0];
                return null;
            case "getPropertyNames":
                return Collections.enumeration(properties.keySet());
            case "propertyExists":
                return properties.containsKey((String) args[0]);
            case "clearProperties":
                properties.clear();
                return null;
            case "clearBody":
                text = null;
                return null;
            case "toString":
                return "ForeignTextMessage[" + text + "]";
            case "hashCode":
                return System.identityHashCode(proxy);
            case "equals":
                return proxy == args[0];
            case "getBody":
                return text;
            case "isBodyAssignableTo":
                return ((Class<?>) args[0]).isAssignableFrom(String.class);
            case "acknowledge":
                return null;
            default:
                break;
        }
        if (name.startsWith("set") && name.endsWith("Property")) {
            properties.put((String) args[0], args[1]);
            return null;
        }
        if (name.startsWith("get") && name.endsWith("Property")) {
            return properties.get((String) args[0]);
        }
        if (name.startsWith("setJMS")) {
            headers.put(name.substring(3), args[0]);
            return null;
        }
        if (name.startsWith("getJMS")) {
            Object v = headers.get(name.substring(3));
            Class<?> type = method.getReturnType();
            if (v == null && type == long.class) {
                return 0L;
            }
            if (v == null && type == int.class) {
                return 0;
            }
            if (v == null && type == boolean.class) {
                return false;
            }
            return type == Destination.class ? (Destination) v : v;
        }
        throw new UnsupportedOperationException("ForeignTextMessage does not implement " + name);
    }
}
