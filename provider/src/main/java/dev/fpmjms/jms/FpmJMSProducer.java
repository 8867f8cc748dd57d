package dev.fpmjms.jms;

import dev.fpmjms.message.FpmMessage;
import jakarta.jms.BytesMessage;
import jakarta.jms.CompletionListener;
import jakarta.jms.Destination;
import jakarta.jms.JMSException;
import jakarta.jms.JMSProducer;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.MessageFormatRuntimeException;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The simplified API's producer: options, properties and headers set fluently, then applied to
 * every message it sends. Properties follow the message property rules (names, types and
 * conversions), because they are held in a message object. Not thread-safe.
 */
public final class FpmJMSProducer implements JMSProducer {
    private final FpmJMSContext context;
    private final FpmMessage properties = new FpmMessage();
    private SendOptions options = SendOptions.DEFAULTS;
    private CompletionListener async;
    private String correlationId;
    private String type;
    private Destination replyTo;

    FpmJMSProducer(FpmJMSContext context) {
        this.context = context;
    }

    // ---- sends ----------------------------------------------------------------------------

    @Override
    public JMSProducer send(Destination destination, Message message) {
        if (message == null) {
            throw new MessageFormatRuntimeException("message to send is null");
        }
        FacadeGuard.runtimeAction(() -> applyTo(message));
        context.send(destination, message, options, async);
        return this;
    }

    @Override
    public JMSProducer send(Destination destination, String body) {
        return send(destination, context.createTextMessage(body));
    }

    @Override
    public JMSProducer send(Destination destination, Map<String, Object> body) {
        MapMessage m = context.createMapMessage();
        if (body != null) {
            FacadeGuard.runtimeAction(() -> {
                for (Map.Entry<String, Object> e : body.entrySet()) {
                    m.setObject(e.getKey(), e.getValue());
                }
            });
        }
        return send(destination, m);
    }

    @Override
    public JMSProducer send(Destination destination, byte[] body) {
        BytesMessage m = context.createBytesMessage();
        if (body != null) {
            FacadeGuard.runtimeAction(() -> m.writeBytes(body));
        }
        return send(destination, m);
    }

    @Override
    public JMSProducer send(Destination destination, Serializable body) {
        return send(destination, context.createObjectMessage(body));
    }

    private void applyTo(Message message) throws JMSException {
        for (String name : getPropertyNames()) {
            message.setObjectProperty(name, properties.getObjectProperty(name));
        }
        if (correlationId != null) {
            message.setJMSCorrelationID(correlationId);
        }
        if (type != null) {
            message.setJMSType(type);
        }
        if (replyTo != null) {
            message.setJMSReplyTo(replyTo);
        }
    }

    // ---- options --------------------------------------------------------------------------

    @Override
    public JMSProducer setDisableMessageID(boolean value) {
        options = options.withDisableMessageId(value);
        return this;
    }

    @Override
    public boolean getDisableMessageID() {
        return options.disableMessageId();
    }

    @Override
    public JMSProducer setDisableMessageTimestamp(boolean value) {
        options = options.withDisableTimestamp(value);
        return this;
    }

    @Override
    public boolean getDisableMessageTimestamp() {
        return options.disableTimestamp();
    }

    @Override
    public JMSProducer setDeliveryMode(int deliveryMode) {
        options = FacadeGuard.runtime(() -> options.withDeliveryMode(deliveryMode));
        return this;
    }

    @Override
    public int getDeliveryMode() {
        return options.deliveryMode();
    }

    @Override
    public JMSProducer setPriority(int priority) {
        options = FacadeGuard.runtime(() -> options.withPriority(priority));
        return this;
    }

    @Override
    public int getPriority() {
        return options.priority();
    }

    @Override
    public JMSProducer setTimeToLive(long timeToLive) {
        options = FacadeGuard.runtime(() -> options.withTimeToLive(timeToLive));
        return this;
    }

    @Override
    public long getTimeToLive() {
        return options.timeToLive();
    }

    @Override
    public JMSProducer setDeliveryDelay(long deliveryDelay) {
        options = FacadeGuard.runtime(() -> options.withDeliveryDelay(deliveryDelay));
        return this;
    }

    @Override
    public long getDeliveryDelay() {
        return options.deliveryDelay();
    }

    /** With a listener, sends return at once and the listener is called on the session's send thread. */
    @Override
    public JMSProducer setAsync(CompletionListener completionListener) {
        async = completionListener;
        return this;
    }

    @Override
    public CompletionListener getAsync() {
        return async;
    }

    // ---- properties -----------------------------------------------------------------------

    private JMSProducer property(FacadeGuard.JmsAction set) {
        FacadeGuard.runtimeAction(set);
        return this;
    }

    @Override
    public JMSProducer setProperty(String name, boolean value) {
        return property(() -> properties.setBooleanProperty(name, value));
    }

    @Override
    public JMSProducer setProperty(String name, byte value) {
        return property(() -> properties.setByteProperty(name, value));
    }

    @Override
    public JMSProducer setProperty(String name, short value) {
        return property(() -> properties.setShortProperty(name, value));
    }

    @Override
    public JMSProducer setProperty(String name, int value) {
        return property(() -> properties.setIntProperty(name, value));
    }

    @Override
    public JMSProducer setProperty(String name, long value) {
        return property(() -> properties.setLongProperty(name, value));
    }

    @Override
    public JMSProducer setProperty(String name, float value) {
        return property(() -> properties.setFloatProperty(name, value));
    }

    @Override
    public JMSProducer setProperty(String name, double value) {
        return property(() -> properties.setDoubleProperty(name, value));
    }

    @Override
    public JMSProducer setProperty(String name, String value) {
        return property(() -> properties.setStringProperty(name, value));
    }

    @Override
    public JMSProducer setProperty(String name, Object value) {
        return property(() -> properties.setObjectProperty(name, value));
    }

    @Override
    public JMSProducer clearProperties() {
        properties.clearProperties();
        return this;
    }

    @Override
    public boolean propertyExists(String name) {
        return FacadeGuard.runtime(() -> properties.propertyExists(name));
    }

    @Override
    public boolean getBooleanProperty(String name) {
        return FacadeGuard.runtime(() -> properties.getBooleanProperty(name));
    }

    @Override
    public byte getByteProperty(String name) {
        return FacadeGuard.runtime(() -> properties.getByteProperty(name));
    }

    @Override
    public short getShortProperty(String name) {
        return FacadeGuard.runtime(() -> properties.getShortProperty(name));
    }

    @Override
    public int getIntProperty(String name) {
        return FacadeGuard.runtime(() -> properties.getIntProperty(name));
    }

    @Override
    public long getLongProperty(String name) {
        return FacadeGuard.runtime(() -> properties.getLongProperty(name));
    }

    @Override
    public float getFloatProperty(String name) {
        return FacadeGuard.runtime(() -> properties.getFloatProperty(name));
    }

    @Override
    public double getDoubleProperty(String name) {
        return FacadeGuard.runtime(() -> properties.getDoubleProperty(name));
    }

    @Override
    public String getStringProperty(String name) {
        return FacadeGuard.runtime(() -> properties.getStringProperty(name));
    }

    @Override
    public Object getObjectProperty(String name) {
        return FacadeGuard.runtime(() -> properties.getObjectProperty(name));
    }

    @Override
    public Set<String> getPropertyNames() {
        return FacadeGuard.runtime(() -> {
            Set<String> names = new LinkedHashSet<>();
            for (Object n : Collections.list(properties.getPropertyNames())) {
                names.add((String) n);
            }
            return Collections.unmodifiableSet(names);
        });
    }

    // ---- headers --------------------------------------------------------------------------

    @Override
    public JMSProducer setJMSCorrelationIDAsBytes(byte[] id) {
        correlationId = id == null ? null : new String(id, StandardCharsets.ISO_8859_1);
        return this;
    }

    @Override
    public byte[] getJMSCorrelationIDAsBytes() {
        return correlationId == null ? null : correlationId.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Override
    public JMSProducer setJMSCorrelationID(String id) {
        correlationId = id;
        return this;
    }

    @Override
    public String getJMSCorrelationID() {
        return correlationId;
    }

    @Override
    public JMSProducer setJMSType(String value) {
        type = value;
        return this;
    }

    @Override
    public String getJMSType() {
        return type;
    }

    @Override
    public JMSProducer setJMSReplyTo(Destination value) {
        replyTo = value;
        return this;
    }

    @Override
    public Destination getJMSReplyTo() {
        return replyTo;
    }
}
