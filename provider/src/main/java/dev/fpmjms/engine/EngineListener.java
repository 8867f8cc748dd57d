package dev.fpmjms.engine;

/**
 * Told about trouble the engine meets in the background, such as a route whose php-fpm cannot be
 * reached. The facade forwards it to connections' ExceptionListeners. Called on engine threads;
 * implementations must not block.
 */
@FunctionalInterface
public interface EngineListener {

    /**
     * @param queue  the worker queue concerned
     * @param detail what went wrong, with the endpoint
     */
    void onRouteFailure(String queue, String detail);
}
