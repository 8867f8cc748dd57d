package dev.fpmjms.message;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;

import dev.fpmjms.config.FpmConfig;
import dev.fpmjms.config.ObjectMessageLimits;
import dev.fpmjms.envelope.BodyType;
import jakarta.jms.JMSException;
import jakarta.jms.MessageFormatException;
import jakarta.jms.ObjectMessage;

/**
 * An {@link ObjectMessage}: the body is serialized when it is set (later changes to the object do
 * not affect the message) and deserialized anew by every {@link #getObject()}, resolving only
 * classes on the allow-list (see {@link ObjectBodyCodec}); a class outside it fails with a
 * {@link MessageFormatException} that names the class and the setting
 * {@code objectMessageAllowList}; a body beyond the {@link ObjectMessageLimits} (depth, references,
 * array length, bytes) fails likewise, naming the limit. Not thread-safe.
 */
public final class FpmObjectMessage extends FpmMessage implements ObjectMessage {

    private final List<String> allowList;
    private final ObjectMessageLimits limits;
    /** The serialized body, or {@code null}; never modified once set (shared with envelopes). */
    private byte[] serialized;

    /** A writable message with no object and the default allow-list {@link FpmConfig#DEFAULT_OBJECT_ALLOW_LIST}. */
    public FpmObjectMessage() {
        this(FpmConfig.DEFAULT_OBJECT_ALLOW_LIST);
    }

    /**
     * A writable message with no object.
     *
     * @param allowList classes and packages that {@link #getObject()} may deserialize; {@code *} allows all
     */
    public FpmObjectMessage(List<String> allowList) {
        this(allowList, ObjectMessageLimits.DEFAULT);
    }

    /**
     * A writable message with no object.
     *
     * @param allowList classes and packages that {@link #getObject()} may deserialize; {@code *} allows all
     * @param limits    what deserializing the body may cost
     */
    public FpmObjectMessage(List<String> allowList, ObjectMessageLimits limits) {
        this.allowList = List.copyOf(Objects.requireNonNull(allowList, "allowList"));
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    /** A received message holding {@code received} (not copied, never modified). */
    FpmObjectMessage(byte[] received, List<String> allowList, ObjectMessageLimits limits) {
        this(allowList, limits);
        serialized = received;
        setBodyReadOnly(true);
    }

    /** @throws MessageFormatException when the object cannot be serialized */
    @Override
    public void setObject(Serializable object) throws JMSException {
        checkBodyWritable();
        serialized = object == null ? null : ObjectBodyCodec.serialize(object);
    }

    /** A new copy of the object, or {@code null}. */
    @Override
    public Serializable getObject() throws JMSException {
        return serialized == null ? null : ObjectBodyCodec.deserialize(serialized, allowList, limits);
    }

    /** The allow-list this message deserializes with (unmodifiable). */
    public List<String> getAllowList() {
        return allowList;
    }

    /** The object, if it is an instance of {@code c}; {@code null} (for any class) when there is none. */
    @Override
    public <T> T getBody(Class<T> c) throws JMSException {
        if (serialized == null) {
            return null;
        }
        Serializable object = ObjectBodyCodec.deserialize(serialized, allowList, limits);
        if (!c.isInstance(object)) {
            throw new MessageFormatException("ObjectMessage body is a " + object.getClass().getName()
                    + " and cannot be assigned to " + c.getName());
        }
        return c.cast(object);
    }

    /** Whether {@link #getBody} would succeed; {@code false} also when deserialization fails. */
    @Override
    @SuppressWarnings("rawtypes")
    public boolean isBodyAssignableTo(Class c) {
        if (serialized == null) {
            return true;
        }
        try {
            return c.isInstance(ObjectBodyCodec.deserialize(serialized, allowList, limits));
        } catch (MessageFormatException e) {
            return false;
        }
    }

    @Override
    BodyType bodyType() {
        return BodyType.OBJECT;
    }

    @Override
    Object envelopeBody() {
        return serialized;
    }

    @Override
    void clearBodyContent() {
        serialized = null;
    }
}
