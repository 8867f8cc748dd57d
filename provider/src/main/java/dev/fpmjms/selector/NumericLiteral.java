package dev.fpmjms.selector;

/**
 * The values of numeric literals, read with the Java literal syntax that Jakarta Messaging 3.1
 * §3.8.1.1 prescribes. Exact literals: decimal ({@code 57}), octal ({@code 035} = 29), hex
 * ({@code 0x1d}), binary ({@code 0b11101}), each with an optional {@code L}/{@code l} suffix;
 * every exact literal has the range of a Java {@code long} whatever its suffix (a selector has
 * no {@code int} type). Approximate literals: Java floating-point syntax ({@code 7.}, {@code .5},
 * {@code 1.5e3}, {@code 1.5f}, {@code 7d}); an {@code f}/{@code F} suffix gives the float value
 * widened to double, as Java does. Digit underscores ({@code 1_000}) are not accepted. Stateless.
 */
final class NumericLiteral {
    private NumericLiteral() {
    }

    /**
     * The value of an exact literal as the lexer scanned it.
     *
     * @param text     the literal's source text, without a sign
     * @param negative whether a unary minus stands before it (so that {@code -9223372036854775808}
     *                 and {@code -0x8000000000000000L} are in range)
     * @throws NumberFormatException with a message naming the literal and the range it left
     */
    static long exact(String text, boolean negative) {
        String digits = text.endsWith("L") || text.endsWith("l") ? text.substring(0, text.length() - 1) : text;
        int radix = radix(digits);
        if (radix == 10) {
            try {
                return Long.parseLong(negative ? "-" + digits : digits);
            } catch (NumberFormatException e) {
                throw new NumberFormatException("exact numeric literal " + (negative ? "-" : "") + text
                        + " is out of long range");
            }
        }
        String body = digits.substring(radix == 8 ? 1 : 2);
        try {
            // as in Java, a hex, octal or binary literal may use all 64 bits (0xFFFFFFFFFFFFFFFFL = -1)
            long value = body.isEmpty() ? 0 : Long.parseUnsignedLong(body, radix);
            return negative ? -value : value;
        } catch (NumberFormatException e) {
            throw new NumberFormatException("exact numeric literal " + text + " does not fit in 64 bits");
        }
    }

    /**
     * The value of an approximate literal.
     *
     * @throws NumberFormatException if it is out of range (for example {@code 1e999} or {@code 1e39f})
     */
    static double approximate(String text) {
        char last = text.charAt(text.length() - 1);
        double value = last == 'f' || last == 'F' ? Float.parseFloat(text) : Double.parseDouble(text);
        if (Double.isInfinite(value)) {
            throw new NumberFormatException("approximate numeric literal " + text + " is out of "
                    + (last == 'f' || last == 'F' ? "float" : "double") + " range");
        }
        return value;
    }

    /** 16 for {@code 0x…}, 2 for {@code 0b…}, 8 for {@code 0…} with more digits, else 10. */
    static int radix(String digits) {
        if (digits.length() > 1 && digits.charAt(0) == '0') {
            char second = Character.toLowerCase(digits.charAt(1));
            return second == 'x' ? 16 : second == 'b' ? 2 : 8;
        }
        return 10;
    }
}
