package dev.fpmjms.integrations.spring;

/** One line of an {@link Order}. */
public record OrderLine(String sku, int quantity, long unitPriceCents) {
}
