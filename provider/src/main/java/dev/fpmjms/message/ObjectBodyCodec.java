package dev.fpmjms.message;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InvalidClassException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.Serializable;
import java.util.List;

import dev.fpmjms.config.ObjectMessageLimits;
import jakarta.jms.MessageFormatException;

/**
 * Java serialization of {@code ObjectMessage} bodies. Deserialization only resolves classes on an
 * allow-list (the setting {@code objectMessageAllowList}): an entry names a class
 * ({@code com.acme.Order}) or a package with its subpackages ({@code com.acme}); {@code *} allows
 * everything. Arrays are judged by their component class; primitive arrays are always allowed.
 * Classes are loaded with the thread's context class loader, then the one of this class.
 *
 * <p>Classes on the list can still be combined into a bomb: a few bytes that claim an array of
 * two billion elements, or sets nested a hundred deep whose hash codes take forever. So an
 * {@link ObjectInputFilter} also enforces {@link ObjectMessageLimits} (depth, references, array
 * length, stream bytes); besides, an array may not claim more elements than the stream could hold
 * ({@link #arrayLimit}). Each refusal is a {@link MessageFormatException} naming the limit, its
 * setting and the value found, and happens before the memory or time is spent.
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
     * Deserializes with the default {@link ObjectMessageLimits}; see
     * {@link #deserialize(byte[], List, ObjectMessageLimits)}.
     */
    static Serializable deserialize(byte[] bytes, List<String> allowList) throws MessageFormatException {
        return deserialize(bytes, allowList, ObjectMessageLimits.DEFAULT);
    }

    /**
     * @throws MessageFormatException when a class is not on the allow-list (the message names the
     *                                class and the setting), a limit is exceeded (the message names
     *                                the limit, its setting and the value), a class cannot be
     *                                found, or the bytes are not a serialized object
     */
    static Serializable deserialize(byte[] bytes, List<String> allowList, ObjectMessageLimits limits)
            throws MessageFormatException {
        if (bytes.length > limits.maxStreamBytes()) {
            throw new MessageFormatException("ObjectMessage body of " + bytes.length + " bytes exceeds objectMessageMaxBytes ("
                    + limits.maxStreamBytes() + " bytes); raise the setting objectMessageMaxBytes to read it");
        }
        LimitFilter filter = new LimitFilter(limits, bytes.length);
        try (ObjectInputStream in = new AllowListInputStream(new ByteArrayInputStream(bytes), allowList)) {
            in.setObjectInputFilter(filter);
            Object o = in.readObject();
            return (Serializable) o;
        } catch (RefusedClassException e) {
            throw formatException(e.getMessage(), e);
        } catch (ClassNotFoundException | IOException | ClassCastException e) {
            if (filter.refusal != null) {
                throw formatException(filter.refusal, e);
            }
            throw formatException("ObjectMessage cannot deserialize its body: " + e, e);
        }
    }

    /**
     * The most elements an array may claim in a stream of {@code streamBytes}: each element of a
     * primitive array takes its size in the stream, each element of an object array at least one
     * byte; collection classes size their hash tables from the element count by up to 8 times
     * (HashMap, HashSet and Hashtable clamp the load factor to at least 0.25), hence 8 elements
     * per byte for object arrays.
     */
    static long arrayLimit(Class<?> arrayClass, long streamBytes) {
        Class<?> component = arrayClass == null ? null : arrayClass.getComponentType();
        if (component == null || !component.isPrimitive()) {
            return 8 * streamBytes + 16;
        }
        int size = component == long.class || component == double.class ? 8
                : component == int.class || component == float.class ? 4
                : component == short.class || component == char.class ? 2 : 1;
        return streamBytes / size;
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

    /**
     * Enforces {@link ObjectMessageLimits} and {@link #arrayLimit}; remembers why it refused, so
     * that the exception names the limit. One per stream; called on the reading thread.
     */
    private static final class LimitFilter implements ObjectInputFilter {
        private final ObjectMessageLimits limits;
        private final long streamBytes;
        String refusal;

        LimitFilter(ObjectMessageLimits limits, long streamBytes) {
            this.limits = limits;
            this.streamBytes = streamBytes;
        }

        @Override
        public Status checkInput(FilterInfo info) {
            if (info.depth() > limits.maxDepth()) {
                return refuse("nesting depth " + info.depth() + " exceeds objectMessageMaxDepth (" + limits.maxDepth() + ")");
            }
            if (info.references() > limits.maxReferences()) {
                return refuse(info.references() + " object references exceed objectMessageMaxReferences ("
                        + limits.maxReferences() + ")");
            }
            if (info.streamBytes() > limits.maxStreamBytes()) {
                return refuse(info.streamBytes() + " bytes read exceed objectMessageMaxBytes (" + limits.maxStreamBytes() + ")");
            }
            long length = info.arrayLength();
            if (length >= 0) {
                if (length > limits.maxArrayLength()) {
                    return refuse("an array of " + length + " elements exceeds objectMessageMaxArrayLength ("
                            + limits.maxArrayLength() + ")");
                }
                long fits = arrayLimit(info.serialClass(), streamBytes);
                if (length > fits) {
                    return refuse("an array of " + length + " elements (" + info.serialClass().getTypeName()
                            + ") is more than a stream of " + streamBytes + " bytes can hold (at most " + fits + ")");
                }
            }
            return Status.UNDECIDED;
        }

        private Status refuse(String why) {
            if (refusal == null) {
                refusal = "ObjectMessage body refused: " + why;
            }
            return Status.REJECTED;
        }
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
