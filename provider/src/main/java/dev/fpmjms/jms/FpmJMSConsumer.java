package dev.fpmjms.jms;

import jakarta.jms.BytesMessage;
import jakarta.jms.JMSConsumer;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.MessageFormatException;
import jakarta.jms.MessageListener;
import jakarta.jms.ObjectMessage;
import jakarta.jms.TextMessage;

/**
 * The simplified API's consumer, over an {@link FpmMessageConsumer}. {@code receiveBody} reads
 * the body of a TextMessage, BytesMessage, MapMessage or ObjectMessage; when the body cannot be
 * assigned to the wanted type a {@code MessageFormatRuntimeException} is thrown and, in
 * AUTO/DUPS_OK mode, the message stays in the queue as if it had not been received.
 */
public final class FpmJMSConsumer implements JMSConsumer {
    private final FpmMessageConsumer consumer;

    FpmJMSConsumer(FpmMessageConsumer consumer) {
        this.consumer = consumer;
    }

    @Override
    public String getMessageSelector() {
        return FacadeGuard.runtime(consumer::getMessageSelector);
    }

    @Override
    public MessageListener getMessageListener() {
        return FacadeGuard.runtime(consumer::getMessageListener);
    }

    @Override
    public void setMessageListener(MessageListener listener) {
        FacadeGuard.runtimeAction(() -> consumer.setMessageListener(listener));
    }

    @Override
    public Message receive() {
        return FacadeGuard.runtime(consumer::receive);
    }

    @Override
    public Message receive(long timeout) {
        return FacadeGuard.runtime(() -> consumer.receive(timeout));
    }

    @Override
    public Message receiveNoWait() {
        return FacadeGuard.runtime(consumer::receiveNoWait);
    }

    @Override
    public void close() {
        FacadeGuard.runtimeAction(consumer::close);
    }

    @Override
    public <T> T receiveBody(Class<T> c) {
        return receiveBodyWithin(c, -1);
    }

    @Override
    public <T> T receiveBody(Class<T> c, long timeout) {
        return receiveBodyWithin(c, timeout <= 0 ? -1 : timeout);
    }

    @Override
    public <T> T receiveBodyNoWait(Class<T> c) {
        return receiveBodyWithin(c, 0);
    }

    /** @param timeoutMillis -1 for no limit, 0 for no wait */
    private <T> T receiveBodyWithin(Class<T> c, long timeoutMillis) {
        return FacadeGuard.runtime(() -> {
            Message m = consumer.receive(timeoutMillis, received -> checkBody(received, c));
            return m == null ? null : m.getBody(c);
        });
    }

    private static void checkBody(Message m, Class<?> c) throws MessageFormatException {
        try {
            boolean hasBody = m instanceof TextMessage || m instanceof BytesMessage
                    || m instanceof MapMessage || m instanceof ObjectMessage;
            if (!hasBody || !m.isBodyAssignableTo(c)) {
                throw new MessageFormatException("receiveBody(" + c.getName() + "): the body of "
                        + m.getClass().getSimpleName() + " " + m.getJMSMessageID() + " cannot be assigned to it");
            }
        } catch (MessageFormatException e) {
            throw e;
        } catch (jakarta.jms.JMSException e) {
            MessageFormatException f = new MessageFormatException("receiveBody(" + c.getName() + "): " + e.getMessage());
            f.initCause(e);
            throw f;
        }
    }
}
