package dev.fpmjms.tck;

import jakarta.jms.BytesMessage;
import jakarta.jms.JMSException;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.ObjectMessage;
import jakarta.jms.Session;
import jakarta.jms.StreamMessage;
import jakarta.jms.TextMessage;
import java.util.Collections;

/** Copies a received message (body, type, properties) into a new message of the same kind. */
final class EchoCopy {

    private EchoCopy() {
    }

    static Message copy(Session session, Message in) throws JMSException {
        Message out;
        if (in instanceof TextMessage t) {
            out = session.createTextMessage(t.getText());
        } else if (in instanceof BytesMessage b) {
            BytesMessage bm = session.createBytesMessage();
            byte[] data = new byte[(int) b.getBodyLength()];
            b.readBytes(data);
            bm.writeBytes(data);
            out = bm;
        } else if (in instanceof MapMessage m) {
            MapMessage mm = session.createMapMessage();
            for (Object n : Collections.list(m.getMapNames())) {
                mm.setObject((String) n, m.getObject((String) n));
            }
            out = mm;
        } else if (in instanceof ObjectMessage o) {
            out = session.createObjectMessage(o.getObject());
        } else if (in instanceof StreamMessage s) {
            StreamMessage sm = session.createStreamMessage();
            try {
                while (true) {
                    sm.writeObject(s.readObject());
                }
            } catch (jakarta.jms.MessageEOFException end) {
                // the whole stream is copied
            }
            out = sm;
        } else {
            out = session.createMessage();
        }
        for (Object n : Collections.list(in.getPropertyNames())) {
            String name = (String) n;
            if (!name.startsWith("JMSX") && !name.startsWith("JMS_")) {
                out.setObjectProperty(name, in.getObjectProperty(name));
            }
        }
        out.setJMSType(in.getJMSType());
        return out;
    }
}
