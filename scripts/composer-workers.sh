#!/usr/bin/env bash
# Installs the Composer dependencies of an example's PHP workers (the helper fpm-jms/worker from
# this repository's php/, a path repository) into OUT/vendor, offline, and lists every file of
# OUT in OUT/FILES, which the examples' Java side copies next to the workers for php-fpm.
# Run by the example modules' Maven builds (process-resources); needs composer on PATH
# (scripts/install-deps.sh installs Debian's).
# usage: scripts/composer-workers.sh DIR-WITH-composer.json OUT
set -euo pipefail
src=$(cd "$1" && pwd)
out=$2
mkdir -p "$out"
out=$(cd "$out" && pwd)
command -v composer >/dev/null 2>&1 || { echo "composer-workers: composer is not on PATH (bash scripts/install-deps.sh installs it)" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
rm -rf "$out/vendor"
# Packagist is switched off in composer.json and the network here: the helper comes from php/.
COMPOSER_ALLOW_SUPERUSER=1 COMPOSER_DISABLE_NETWORK=1 COMPOSER_HOME="$work/home" COMPOSER_CACHE_DIR="$work/cache" \
  COMPOSER_VENDOR_DIR="$out/vendor" \
  composer install --no-interaction --no-progress --no-dev --quiet --working-dir="$src"
# The package is mirrored whole; its tests and build script are not needed by workers, and jars
# leave dot files out (Maven's default excludes).
(cd "$out" && find . -type f ! -name FILES ! -name '.*' \
   ! -path './vendor/fpm-jms/worker/tests/*' ! -path './vendor/fpm-jms/worker/build/*' ! -path './vendor/fpm-jms/worker/vendor/*' \
   | sed 's|^\./||' | LC_ALL=C sort > FILES)
