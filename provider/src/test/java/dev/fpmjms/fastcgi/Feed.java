package dev.fpmjms.fastcgi;

import java.nio.ByteBuffer;
import java.util.Random;

/** How a test hands bytes to a parser: every parser test runs once per mode. */
enum Feed {
    /** All bytes in one buffer. */
    WHOLE,
    /** One byte per {@code feed} call. */
    ONE_BYTE,
    /**
     * Random splits (seeded, so reproducible), each piece in a buffer that starts at a non-zero
     * array offset, or a direct buffer, so slices and offsets are exercised.
     */
    RANDOM_SPLITS;

    private static final long SEED = 20240611L;

    void into(FcgiResponseParser parser, byte[] bytes) throws FcgiProtocolException {
        switch (this) {
            case WHOLE -> parser.feed(ByteBuffer.wrap(bytes));
            case ONE_BYTE -> {
                for (byte b : bytes) {
                    parser.feed(ByteBuffer.wrap(new byte[] {b}));
                }
            }
            case RANDOM_SPLITS -> {
                Random random = new Random(SEED + bytes.length);
                int pos = 0;
                while (pos < bytes.length) {
                    int max = random.nextInt(10) == 0 ? 70_000 : 40;
                    int n = Math.min(bytes.length - pos, 1 + random.nextInt(max));
                    parser.feed(piece(bytes, pos, n, random));
                    pos += n;
                }
            }
            default -> throw new IllegalStateException(name());
        }
    }

    private static ByteBuffer piece(byte[] bytes, int pos, int n, Random random) {
        if (random.nextBoolean()) {
            ByteBuffer direct = ByteBuffer.allocateDirect(n);
            direct.put(bytes, pos, n).flip();
            return direct;
        }
        int lead = 1 + random.nextInt(7);
        byte[] holder = new byte[lead + n + 3];
        System.arraycopy(bytes, pos, holder, lead, n);
        return ByteBuffer.wrap(holder, lead, n).slice();
    }
}
