package dev.fpmjms.spring.boot;

import dev.fpmjms.admin.DeadLetter;
import dev.fpmjms.admin.DeadLetterAdmin;
import dev.fpmjms.admin.DeadLetterSelection;
import dev.fpmjms.jms.FpmConnectionFactory;
import jakarta.jms.JMSException;
import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.lang.Nullable;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * The Actuator endpoint {@code fpmjmsdeadletters}: the dead letters of the application's
 * {@link FpmConnectionFactory} ({@link FpmConnectionFactory#deadLetters()},
 * {@code docs/operations.md#dead-letters}), to list and show (read operations) and to replay (a
 * write operation). Off by default, like Actuator's other endpoints that change things:
 * {@code management.endpoint.fpmjmsdeadletters.access=read-only} allows list and show,
 * {@code unrestricted} replay too, and it must be exposed
 * ({@code management.endpoints.web.exposure.include} or {@code ...jmx.exposure.include}).
 *
 * <p>Over HTTP: {@code GET /actuator/fpmjmsdeadletters?queue=&limit=} lists, {@code GET
 * /actuator/fpmjmsdeadletters/{id}} shows one, {@code POST /actuator/fpmjmsdeadletters} with a JSON
 * body of exactly one of {@code {"id": "ID:..."}}, {@code {"queue": "orders"}}, {@code {"selector":
 * "JMS_FPM_STATUS = 500"}} or {@code {"all": true}} replays. Bad input (none or two of them, an unknown
 * id, an invalid selector, a limit below 1) is an {@link InvalidEndpointRequestException} naming the
 * value (HTTP 400); nothing is replayed then.
 *
 * <p><b>Threads.</b> Called on Actuator's request thread; blocks while it reads or moves messages.
 * The first call starts the factory's engine if no connection has (its journal's dead letters come
 * back then). In broker mode ({@code broker=tcp://...}) they are the broker's dead-letter queue's,
 * read and moved through the broker ({@code docs/artemis.md}, "Dead letters"); the module
 * {@code fpm-jms-artemis} is on the class path then anyway.
 */
@Endpoint(id = "fpmjmsdeadletters", defaultAccess = Access.NONE)
public class FpmDeadLettersEndpoint {

    /** How many dead letters {@link #list} returns when no limit is given. */
    public static final int DEFAULT_LIMIT = 100;

    private final FpmConnectionFactory factory;

    public FpmDeadLettersEndpoint(FpmConnectionFactory factory) {
        this.factory = Objects.requireNonNull(factory, "factory");
    }

    /** What {@link #list} returns: the queue, how many it holds, and the first dead letters. */
    public record DeadLetters(String deadLetterQueue, long count, List<DeadLetter> deadLetters) {
    }

    /** What {@link #replay} returns: the selection and how many dead letters went back to their worker queues. */
    public record Replayed(String selection, int replayed) {
    }

    /**
     * The first {@code limit} dead letters ({@value #DEFAULT_LIMIT} when not given), of one worker
     * queue or of all, in the order a consumer of the dead-letter queue would receive them.
     */
    @ReadOperation
    public DeadLetters list(@Nullable String queue, @Nullable Integer limit) {
        int n = limit == null ? DEFAULT_LIMIT : limit;
        return call(admin -> new DeadLetters(admin.deadLetterQueue(), admin.count(), admin.list(queue, n)));
    }

    /** The dead letter with this JMSMessageID. */
    @ReadOperation
    public DeadLetter show(@Selector String id) {
        return call(admin -> admin.show(id));
    }

    /**
     * Sends dead letters back to their worker queues with a fresh attempt count: exactly one of
     * {@code id}, {@code queue} (every dead letter of that worker queue), {@code selector} (a JMS
     * message selector over headers and properties, {@code JMS_FPM_*} included) or {@code all=true}.
     */
    @WriteOperation
    public Replayed replay(@Nullable String id, @Nullable String queue, @Nullable String selector, @Nullable Boolean all) {
        DeadLetterSelection which = selection(id, queue, selector, all);
        return call(admin -> new Replayed(which.toString(), admin.replay(which)));
    }

    private static DeadLetterSelection selection(String id, String queue, String selector, Boolean all) {
        List<String> given = new ArrayList<>();
        if (id != null) {
            given.add("id");
        }
        if (queue != null) {
            given.add("queue");
        }
        if (selector != null) {
            given.add("selector");
        }
        if (all != null) {
            given.add("all");
        }
        if (given.size() != 1) {
            throw new InvalidEndpointRequestException("replay takes exactly one of id, queue, selector or all=true; given: "
                    + (given.isEmpty() ? "none" : String.join(", ", given)), "one of id, queue, selector, all");
        }
        try {
            if (id != null) {
                return DeadLetterSelection.ids(List.of(id));
            }
            if (queue != null) {
                return DeadLetterSelection.queue(queue);
            }
            if (selector != null) {
                return DeadLetterSelection.selector(selector);
            }
        } catch (IllegalArgumentException e) {
            throw new InvalidEndpointRequestException(e.getMessage(), e.getMessage(), e);
        }
        if (!all) {
            throw new InvalidEndpointRequestException("replay all=false selects nothing: give all=true, an id, a queue or a selector",
                    "all=false");
        }
        return DeadLetterSelection.all();
    }

    private <T> T call(Function<DeadLetterAdmin, T> operation) {
        DeadLetterAdmin admin;
        try {
            admin = factory.deadLetters();
        } catch (JMSException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        try {
            return operation.apply(admin);
        } catch (IllegalArgumentException e) {
            throw new InvalidEndpointRequestException(e.getMessage(), e.getMessage(), e);
        }
    }
}
