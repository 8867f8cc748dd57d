package dev.fpmjms.artemis;

import dev.fpmjms.admin.DeadLetterSelection;
import dev.fpmjms.config.BrokerSettings;

/**
 * A child JVM that replays every dead letter of {@code DLQ} on a broker with
 * {@link BrokerDeadLetters}, to be killed with {@code kill -9} midway:
 * {@code ReplayingChild <brokerUrl>} prints {@value #REPLAYING} before it starts and
 * {@value #REPLAYED}{@code <n>} if it gets to the end.
 */
public final class ReplayingChild {
    static final String REPLAYING = "REPLAYING";
    static final String REPLAYED = "REPLAYED=";

    private ReplayingChild() {
    }

    public static void main(String[] args) {
        try (BrokerDeadLetters letters = BrokerDeadLetters.open(BrokerSettings.of(args[0]), "DLQ")) {
            System.out.println(REPLAYING);
            System.out.flush();
            System.out.println(REPLAYED + letters.replay(DeadLetterSelection.all()));
        }
    }
}
