package dev.fpmjms.spring.boot;

import dev.fpmjms.jms.FpmConnectionFactory;
import dev.fpmjms.metrics.FpmMetricsBinder;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.context.annotation.Bean;

/**
 * fpm-jms's Micrometer meters ({@link FpmMetricsBinder}; names in docs/operations.md, "Metrics")
 * when Micrometer is on the class path and the context has one {@link FpmConnectionFactory}.
 * Spring Boot binds every {@link MeterBinder} bean to the application's registries (Actuator's
 * metrics auto-configuration). The binder reads the running engine and never starts one: the
 * meters read 0 until the first connection. Replaced by the application's own
 * {@code FpmMetricsBinder} bean (the way to meter several factories: one binder per factory, their
 * meters told apart by the {@code engine} tag).
 */
@AutoConfiguration(after = FpmJmsAutoConfiguration.class,
        beforeName = "org.springframework.boot.actuate.autoconfigure.metrics.MetricsAutoConfiguration")
@ConditionalOnClass({MeterBinder.class, FpmConnectionFactory.class})
@ConditionalOnSingleCandidate(FpmConnectionFactory.class)
public class FpmMetricsAutoConfiguration {

    /** The meters of the context's fpm-jms connection factory. */
    @Bean
    @ConditionalOnMissingBean(FpmMetricsBinder.class)
    public FpmMetricsBinder fpmjmsMetricsBinder(FpmConnectionFactory connectionFactory) {
        return new FpmMetricsBinder(connectionFactory::metrics);
    }
}
