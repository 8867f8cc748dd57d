package dev.fpmjms.integrations.spring;

/** What {@code invoice.php} computes from an {@link Order}; amounts in cents. */
public record Invoice(String orderId, int lines, int units, long netCents, long vatCents, long totalCents,
                      String computedBy) {
}
