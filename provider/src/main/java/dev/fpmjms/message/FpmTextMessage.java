package dev.fpmjms.message;

import dev.fpmjms.envelope.BodyType;
import jakarta.jms.JMSException;
import jakarta.jms.MessageFormatException;
import jakarta.jms.TextMessage;

/**
 * A {@link TextMessage}: the body is one String, or {@code null}. Not thread-safe (see
 * {@link FpmMessage}).
 */
public final class FpmTextMessage extends FpmMessage implements TextMessage {

    private String text;

    /** A writable text message with no text. */
    public FpmTextMessage() {
    }

    /** A writable text message holding {@code text}. */
    public FpmTextMessage(String text) {
        this.text = text;
    }

    @Override
    public void setText(String value) throws JMSException {
        checkBodyWritable();
        text = value;
    }

    @Override
    public String getText() {
        return text;
    }

    /** The text, for {@code String.class} or any supertype; {@code null} (for any class) when there is none. */
    @Override
    public <T> T getBody(Class<T> c) throws JMSException {
        if (text == null) {
            return null;
        }
        if (!c.isAssignableFrom(String.class)) {
            throw new MessageFormatException("TextMessage body is a String and cannot be assigned to " + c.getName());
        }
        return c.cast(text);
    }

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public boolean isBodyAssignableTo(Class c) {
        return text == null || c.isAssignableFrom(String.class);
    }

    @Override
    BodyType bodyType() {
        return BodyType.TEXT;
    }

    @Override
    Object envelopeBody() {
        return text;
    }

    @Override
    void clearBodyContent() {
        text = null;
    }
}
