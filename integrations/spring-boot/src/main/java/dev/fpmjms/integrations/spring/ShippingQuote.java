package dev.fpmjms.integrations.spring;

/** The answer of {@code shipping.php}; {@code error} is set (and the price 0) for a country it does not ship to. */
public record ShippingQuote(String country, String carrier, long priceCents, String error) {
}
