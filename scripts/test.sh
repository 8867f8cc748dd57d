#!/usr/bin/env bash
# The README's test command: installs php-fpm, phpunit and composer from Debian's packages if they
# are missing (needs root or sudo), then runs the whole test suite — unit tests, the PHP helper's
# PHPUnit suite (php/, in the provider's test phase), tests against a real php-fpm started by the
# tests themselves, the conformance suite against fpm-jms and ActiveMQ Artemis.
# Extra arguments go to Maven (e.g. -pl provider).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
exec mvn -B -ntp verify "$@"
