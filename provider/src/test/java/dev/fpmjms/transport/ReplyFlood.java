package dev.fpmjms.transport;

import dev.fpmjms.fastcgi.CgiResponseParser;
import dev.fpmjms.fastcgi.FcgiResponse;
import dev.fpmjms.transport.FakeFcgiServer.Action;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The child JVM of {@link ReplyFloodTest} (run with {@code -Xmx256m}): a client with
 * {@code maxInFlight} 16 and the default 16 MiB reply limit, built with the two-argument
 * constructor (the process's reply budget), against a fake php-fpm whose first 16 connections
 * stream STDOUT without end and whose later ones answer. Prints one line per flooded request
 * ({@code flood <Failure>} or {@code flood reply}), one per later request ({@code after <body>} or
 * {@code after failed <message>}), then {@code done}.
 *
 * <p>Usage: {@code ReplyFlood <later requests>}
 */
public final class ReplyFlood {
    static final int FLOODERS = 16;
    private static final Map<String, String> PARAMS = Map.of("SCRIPT_FILENAME", "/x.php");

    private ReplyFlood() {
    }

    public static void main(String[] args) throws Exception {
        int later = Integer.parseInt(args[0]);
        FcgiClientSettings settings = FcgiClientSettings.builder().keepAlive(false).maxInFlight(FLOODERS)
                .readTimeout(Duration.ofMinutes(2))
                .saturationWait(Duration.ZERO).idleLinger(Duration.ofMinutes(1)).build();
        try (FakeFcgiServer server = new FakeFcgiServer((c, r) -> c < FLOODERS ? Action.STREAM_STDOUT : Action.REPLY);
             FcgiClient client = new FcgiClient(server.endpoint(), settings)) {
            List<CompletableFuture<FcgiResponse>> floods = new ArrayList<>();
            for (int i = 0; i < FLOODERS; i++) {
                floods.add(client.execute(PARAMS, new byte[0]));
            }
            for (CompletableFuture<FcgiResponse> f : floods) {
                try {
                    f.get(3, TimeUnit.MINUTES);
                    System.out.println("flood reply");
                } catch (ExecutionException e) {
                    System.out.println("flood " + (e.getCause() instanceof FcgiTransportException t
                            ? t.failure() : e.getCause().toString()));
                }
            }
            for (int i = 0; i < later; i++) {
                try {
                    FcgiResponse r = client.execute(PARAMS, new byte[0]).get(1, TimeUnit.MINUTES);
                    System.out.println("after " + new String(CgiResponseParser.parse(r.stdout(), 8192).body(),
                            StandardCharsets.US_ASCII));
                } catch (ExecutionException e) {
                    System.out.println("after failed " + e.getCause().getMessage());
                }
            }
            System.out.println("done");
        }
    }
}
