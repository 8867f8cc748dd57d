package dev.fpmjms.message;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InvalidClassException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.Serializable;
import java.util.List;

import jakarta.jms.MessageFormatException;

/**
 * Java serialization of {@code ObjectMessage} bodies. Deserialization only resolves classes on an
 * allow-list (the setting {@code objectMessageAllowList}): an entry names a class
 * ({@code com.acme.Order}) or a package with its subpackages ({@code com.acme}); {@code *} allows
 * everything. Arrays are judged by their component class; primitive arrays are always allowed.
 * Classes are loaded with the thread's context class loader, then the one of this class.
 *
 * <p>Stateless and thread-safe; blocks only for the CPU work.
 */
final class ObjectBodyCodec {

    private ObjectBodyCodec() {
    }

    static byte[] serialize(Serializable object) throws MessageFormatException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (ObjectOutputStream oos = new ObjectOutputStream(out)) {
            oos.writeObject(object);
        } catch (IOException e) {
            throw formatException("ObjectMessage cannot serialize a " + object.getClass().getName() + ": " + e, e);
        }
        return out.toByteArray();
    }

    /**
     * @throws MessageFormatException when a class is not on the allow-list (the message names the
     *                                class and the setting), cannot be found, or the bytes are not
     *                                a serialized object
     */
    static Serializable deserialize(byte[] bytes, List<String> allowList) throws MessageFormatException {
        try (ObjectInputStream in = new AllowListInputStream(new ByteArrayInputStream(bytes), allowList)) {
            Object o = in.readObject();
            return (Serializable) o;
        } catch (RefusedClassException e) {
            throw formatException(e.getMessage(), e);
        } catch (ClassNotFoundException | IOException | ClassCastException e) {
            throw formatException("ObjectMessage cannot deserialize its body: " + e, e);
        }
    }

    static boolean isAllowed(String className, List<String> allowList) {
        String name = className;
        while (name.startsWith("[")) {
            name = name.substring(1);
        }
        if (name.length() == 1) {
            return true; // a primitive array such as [B
        }
        if (name.startsWith("L") && name.endsWith(";")) {
            name = name.substring(1, name.length() - 1);
        }
        for (String entry : allowList) {
            if (entry.equals("*") || name.equals(entry) || name.startsWith(entry + ".")) {
                return true;
            }
        }
        return false;
    }

    private static MessageFormatException formatException(String text, Exception cause) {
        MessageFormatException e = new MessageFormatException(text);
        e.setLinkedException(cause);
        e.initCause(cause);
        return e;
    }

    /** Thrown inside {@code readObject} for a class outside the allow-list. */
    private static final class RefusedClassException extends InvalidClassException {
        RefusedClassException(String className, List<String> allowList) {
            super("ObjectMessage body class " + className + " is not allowed by objectMessageAllowList "
                    + allowList + "; add the class or its package to the setting objectMessageAllowList");
        }
    }

    private static final class AllowListInputStream extends ObjectInputStream {
        private final List<String> allowList;

        AllowListInputStream(InputStream in, List<String> allowList) throws IOException {
            super(in);
            this.allowList = allowList;
        }

        @Override
        protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
            String name = desc.getName();
            if (!isAllowed(name, allowList)) {
                throw new RefusedClassException(name, allowList);
            }
            ClassLoader loader = Thread.currentThread().getContextClassLoader();
            if (loader != null) {
                try {
                    return Class.forName(name, false, loader);
                } catch (ClassNotFoundException e) {
                    // fall through to the default resolution (primitives, this class's loader)
                }
            }
            return super.resolveClass(desc);
        }

        @Override
        protected Class<?> resolveProxyClass(String[] interfaces) throws IOException, ClassNotFoundException {
            for (String name : interfaces) {
                if (!isAllowed(name, allowList)) {
                    throw new RefusedClassException(name, allowList);
                }
            }
            return super.resolveProxyClass(interfaces);
        }
    }
}
