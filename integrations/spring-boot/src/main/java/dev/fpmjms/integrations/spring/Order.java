package dev.fpmjms.integrations.spring;

import java.util.List;

/** An order sent to the PHP worker {@code invoice.php} as JSON; amounts in cents. */
public record Order(String orderId, List<OrderLine> lines) {
}
