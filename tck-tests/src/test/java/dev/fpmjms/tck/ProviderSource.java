package dev.fpmjms.tck;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.ArgumentsProvider;
import org.junit.jupiter.params.support.ParameterDeclarations;

/**
 * Supplies each test class with the providers under test. Providers are loaded and started once per
 * run and kept in the root extension store, which closes them when the run ends.
 *
 * <p>System property {@code tck.providers} (comma-separated names) restricts the run to those
 * providers; a name that matches no registered provider fails the run rather than silently testing
 * nothing. A provider that fails to start is replaced by a {@link FailedProvider}, so its tests fail
 * with the cause while the other providers' tests run.
 */
final class ProviderSource implements ArgumentsProvider {

    static final String SELECT_PROPERTY = "tck.providers";

    @Override
    public Stream<? extends Arguments> provideArguments(ParameterDeclarations parameters,
                                                        ExtensionContext context) {
        Started started = context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(Started.class, key -> Started.load(), Started.class);
        return started.providers.stream().map(p -> Arguments.of(Named.of(p.name(), p)));
    }

    /** The started providers of this run; closing it closes them. */
    static final class Started implements AutoCloseable {
        final List<JmsProvider> providers;

        private Started(List<JmsProvider> providers) {
            this.providers = providers;
        }

        static Started load() {
            Set<String> wanted = Arrays.stream(System.getProperty(SELECT_PROPERTY, "").split(","))
                    .map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
            List<JmsProvider> found = new ArrayList<>();
            for (JmsProvider p : ServiceLoader.load(JmsProvider.class)) {
                if (wanted.isEmpty() || wanted.contains(p.name())) {
                    found.add(p);
                }
            }
            Set<String> names = found.stream().map(JmsProvider::name).collect(Collectors.toSet());
            if (!names.containsAll(wanted) || found.isEmpty()) {
                throw new IllegalStateException(SELECT_PROPERTY + "=" + wanted
                        + " names a provider that is not registered in META-INF/services/"
                        + JmsProvider.class.getName() + "; registered and selected: " + names);
            }
            List<JmsProvider> started = new ArrayList<>();
            for (JmsProvider p : found) {
                try {
                    p.start();
                    started.add(p);
                } catch (Exception e) {
                    // the provider's tests fail with this cause; the other providers still run
                    started.add(new FailedProvider(p, e));
                }
            }
            return new Started(List.copyOf(started));
        }

        @Override
        public void close() {
            for (JmsProvider p : providers) {
                try {
                    p.close();
                } catch (Exception e) {
                    System.err.println("[tck] closing provider " + p.name() + " failed: " + e);
                }
            }
        }
    }
}
