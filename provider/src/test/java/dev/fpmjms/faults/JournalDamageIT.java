package dev.fpmjms.faults;

import dev.fpmjms.engine.EngineRegistry;
import dev.fpmjms.engine.FpmEngine;
import dev.fpmjms.config.EmbeddedFpmSettings;
import dev.fpmjms.config.FpmConfig;
import dev.fpmjms.config.FpmRoute;
import dev.fpmjms.config.RetryPolicy;
import dev.fpmjms.gateway.FcgiGatewayFactory;
import dev.fpmjms.envelope.BodyType;
import dev.fpmjms.envelope.DestinationRef;
import dev.fpmjms.envelope.FpmEnvelope;
import dev.fpmjms.fpm.EmbeddedPhpFpm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The journal damaged on disk between two runs of an engine: persistent messages wait for a
 * php-fpm that is down, the engine shuts down, bytes are appended to (or cut from) the tail of the
 * last segment, or a page in the middle of segment 1 is zeroed, and an engine started with php-fpm
 * up delivers every message whose record the damage did not touch; the damaged segment is moved
 * to the quarantine folder, and stays there once the messages are delivered.
 */
class JournalDamageIT {
    private static final int COUNT = 500;

    enum Damage {
        /** Garbage after the last record: a torn write; every record is intact. */
        GARBAGE_APPENDED(COUNT),
        /** The last record cut by 5 bytes, then garbage: that record is lost, the ones before are not. */
        LAST_RECORD_CUT_THEN_GARBAGE(COUNT - 1);

        final int survivors;

        Damage(int survivors) {
            this.survivors = survivors;
        }
    }

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(Damage.class)
    @Timeout(60)
    void everyMessageBeforeTheDamageIsDelivered(Damage damage) throws Exception {
        Path data = dir.resolve("data");
        FpmEngine down = EngineRegistry.shared().engine(config("down", data, route("unix:" + dir.resolve("absent.sock"), "/absent/echo.php")),
                FcgiGatewayFactory::new);
        try {
            for (int i = 0; i < COUNT; i++) {
                down.send(FpmEnvelope.builder(DestinationRef.queue("work")).messageId(down.newMessageId())
                        .timestamp(System.currentTimeMillis()).persistent(true).body(BodyType.TEXT, Integer.toString(i)).build());
            }
        } finally {
            down.shutdown();
        }
        Path segment = lastSegment(data);
        long sizeBefore = Files.size(segment);
        damage(segment, damage);
        long sizeDamaged = Files.size(segment);

        Set<Object> delivered = new HashSet<>();
        int replies;
        try (EmbeddedPhpFpm fpm = new EmbeddedPhpFpm(new EmbeddedFpmSettings(2, 0, Map.of(), null)).start()) {
            FpmEngine up = EngineRegistry.shared().engine(config("up", data, route(fpm.endpointString(), fpm.builtinScript("echo").toString())),
                    FcgiGatewayFactory::new);
            try {
                List<FpmEnvelope> got = Drain.take(up, "work", damage.survivors, 10_000);
                got.addAll(Drain.untilQuiet(up, "work", 500));
                replies = got.size();
                got.forEach(m -> delivered.add(m.body()));
                assertEquals(0, up.consumerQueue(DestinationRef.queue("DLQ")).size(), "dead letters");
            } finally {
                up.shutdown();
            }
        }
        Set<String> expected = IntStream.range(0, damage.survivors).mapToObj(Integer::toString).collect(Collectors.toSet());
        long lost = expected.stream().filter(b -> !delivered.contains(b)).count();
        new Figures("journal-" + damage.name().toLowerCase().replace('_', '-'), COUNT, delivered.size(), replies - delivered.size(), lost,
                "beforeDamage=" + damage.survivors + " segmentBytes=" + sizeBefore + "->" + sizeDamaged).printAndCheck();
        assertEquals(expected, delivered, "exactly the messages before the damage");
        assertEquals(delivered.size(), replies, "each once");
    }

    @Test
    @Timeout(300)
    void aPageZeroedMidSegmentOneLosesOnlyTheRecordsOnItAndTheSegmentIsKept() throws Exception {
        int count = 5_000;
        Path data = dir.resolve("data");
        FpmEngine down = EngineRegistry.shared().engine(config("down", data, route("unix:" + dir.resolve("absent.sock"), "/absent/echo.php")),
                FcgiGatewayFactory::new);
        try {
            for (int i = 0; i < count; i++) {
                down.send(FpmEnvelope.builder(DestinationRef.queue("work")).messageId(down.newMessageId())
                        .timestamp(System.currentTimeMillis()).persistent(true).body(BodyType.TEXT, Integer.toString(i)).build());
            }
        } finally {
            down.shutdown();
        }
        Path segment = firstSegment(data);
        long page = Files.size(segment) / 2 / 4096 * 4096;
        // Store ids are given in send order from 1: the message of id n has the body n - 1.
        Set<String> damaged = new HashSet<>();
        for (long id : addIdsTouching(segment, page, page + 4096)) {
            damaged.add(Long.toString(id - 1));
        }
        try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.allocate(4096), page);
        }

        Set<Object> delivered = new HashSet<>();
        int replies;
        long started = System.nanoTime();
        long recoveredMillis;
        try (EmbeddedPhpFpm fpm = new EmbeddedPhpFpm(new EmbeddedFpmSettings(2, 0, Map.of(), null)).start()) {
            FpmEngine up = EngineRegistry.shared().engine(config("up", data, route(fpm.endpointString(), fpm.builtinScript("echo").toString())),
                    FcgiGatewayFactory::new);
            recoveredMillis = (System.nanoTime() - started) / 1_000_000;
            try {
                List<FpmEnvelope> got = Drain.take(up, "work", count - damaged.size(), 10_000);
                got.addAll(Drain.untilQuiet(up, "work", 500));
                replies = got.size();
                got.forEach(m -> delivered.add(m.body()));
                assertEquals(0, up.consumerQueue(DestinationRef.queue("DLQ")).size(), "dead letters");
            } finally {
                up.shutdown();
            }
        }
        Set<String> expected = IntStream.range(0, count).mapToObj(Integer::toString).filter(b -> !damaged.contains(b))
                .collect(Collectors.toSet());
        long lost = expected.stream().filter(b -> !delivered.contains(b)).count();
        new Figures("journal-page-zeroed-mid-segment-1", count, delivered.size(), replies - delivered.size(), lost,
                "damaged=" + damaged.size() + " recovered=" + (count - damaged.size()) + " startMillis=" + recoveredMillis).printAndCheck();
        assertTrue(damaged.size() > 20, "a page holds dozens of records: " + damaged.size());
        assertEquals(expected, delivered, "every message whose record is intact, after the damage too");
        assertEquals(delivered.size(), replies, "each once");
        assertTrue(Files.notExists(segment), "moved out of the journal");
        assertTrue(Files.exists(data.resolve("quarantine").resolve(segment.getFileName())),
                "kept in the quarantine folder after its messages were delivered");
    }

    /** The journal segment with the lowest sequence. */
    private static Path firstSegment(Path data) throws IOException {
        try (Stream<Path> files = Files.list(data)) {
            return files.filter(p -> p.getFileName().toString().matches("journal-\\d+\\.seg"))
                    .min(Comparator.comparingLong(p -> Long.parseLong(p.getFileName().toString().replaceAll("\\D", ""))))
                    .orElseThrow(() -> new AssertionError("no journal segment in " + data));
        }
    }

    /**
     * The store ids of the ADD records (type 1) overlapping bytes [from, to) of a segment, walking
     * the records as docs/durability.md lays them out: a 16-byte header, then {@code int32 length,
     * int32 crc, uint8 type, int64 id, ...} up to a length of 0 or the end.
     */
    private static Set<Long> addIdsTouching(Path segment, long from, long to) throws IOException {
        Set<Long> ids = new HashSet<>();
        try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.READ)) {
            ByteBuffer head = ByteBuffer.allocate(17);
            long pos = 16;
            while (pos + 8 <= ch.size()) {
                head.clear();
                ch.read(head, pos);
                int length = head.getInt(0);
                if (length == 0) {
                    break;
                }
                long end = pos + 8 + length;
                if (head.get(8) == 1 && pos < to && end > from) {
                    ids.add(head.getLong(9));
                }
                pos = end;
            }
        }
        return ids;
    }

    private static FpmConfig config(String phase, Path data, FpmRoute route) {
        return FpmConfig.builder().name("faults-journal-" + phase + "-" + UUID.randomUUID()).dataDirectory(data).route(route).build();
    }

    private static FpmRoute route(String endpoint, String script) {
        return FpmRoute.builder("work").endpoint(endpoint).script(script).maxInFlight(2)
                .retryPolicy(new RetryPolicy(3, Duration.ofMillis(20), Duration.ofMillis(200), 2.0, 0.0, false)).build();
    }

    /** The journal segment with the highest sequence that holds records. */
    private static Path lastSegment(Path data) throws IOException {
        try (Stream<Path> files = Files.list(data)) {
            return files.filter(p -> p.getFileName().toString().matches("journal-\\d+\\.seg"))
                    .filter(p -> size(p) > 16)
                    .max(Comparator.comparingLong(p -> Long.parseLong(p.getFileName().toString().replaceAll("\\D", ""))))
                    .orElseThrow(() -> new AssertionError("no journal segment with records in " + data));
        }
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void damage(Path segment, Damage damage) throws IOException {
        byte[] garbage = new byte[100];
        new Random(42).nextBytes(garbage);
        try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            if (damage == Damage.LAST_RECORD_CUT_THEN_GARBAGE) {
                ch.truncate(ch.size() - 5);
            }
            ch.position(ch.size());
            ch.write(ByteBuffer.wrap(garbage));
        }
        assertTrue(Files.size(segment) > 16);
    }
}
