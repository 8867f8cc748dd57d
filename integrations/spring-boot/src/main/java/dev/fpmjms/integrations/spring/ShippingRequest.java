package dev.fpmjms.integrations.spring;

/** A request for a shipping price, answered by the PHP worker {@code shipping.php}. */
public record ShippingRequest(String country, int weightGrams) {
}
