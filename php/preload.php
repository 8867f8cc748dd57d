<?php

/*
 * OPcache preloading for Composer installs: php.ini
 *     opcache.preload=/srv/app/vendor/fpm-jms/worker/preload.php
 *     opcache.preload_user=www-data        (when php-fpm starts as root)
 * declares the helper's classes once, when php-fpm starts, instead of on each request; the
 * application's autoloader then never has to load them. (Without Composer, preload fpmjms.php.)
 */

declare(strict_types=1);

spl_autoload_register(static function (string $class): void {
    if (str_starts_with($class, 'FpmJms\\') && is_file($file = __DIR__ . '/src/' . substr($class, 7) . '.php')) {
        require_once $file;
    }
});
foreach (glob(__DIR__ . '/src/*.php') ?: [] as $file) {
    $name = 'FpmJms\\' . basename($file, '.php');
    class_exists($name) || interface_exists($name) || enum_exists($name);
}
