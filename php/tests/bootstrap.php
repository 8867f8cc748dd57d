<?php

/*
 * Loads the classes under test: Composer's autoloader when `composer install` has run here, else
 * the same PSR-4 mapping by hand (Debian's phpunit package runs without Composer).
 */

declare(strict_types=1);

if (is_file(__DIR__ . '/../vendor/autoload.php')) {
    require __DIR__ . '/../vendor/autoload.php';
    return;
}

spl_autoload_register(static function (string $class): void {
    foreach (['FpmJms\\Tests\\' => __DIR__ . '/', 'FpmJms\\' => __DIR__ . '/../src/'] as $prefix => $dir) {
        if (str_starts_with($class, $prefix)) {
            $file = $dir . str_replace('\\', '/', substr($class, strlen($prefix))) . '.php';
            if (is_file($file)) {
                require $file;
            }
            return;
        }
    }
});
