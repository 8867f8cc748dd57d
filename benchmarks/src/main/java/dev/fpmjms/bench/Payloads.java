package dev.fpmjms.bench;

import java.util.Arrays;

/** Message bodies of a given size: printable ASCII, the same bytes for every scenario. */
final class Payloads {

    private Payloads() {
    }

    /** A fresh array of {@code size} bytes {@code 'a'..'z'} repeating. */
    static byte[] bytes(int size) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = (byte) ('a' + i % 26);
        }
        return b;
    }

    static boolean sameAs(byte[] actual, int size) {
        return actual.length == size && Arrays.equals(actual, bytes(size));
    }
}
