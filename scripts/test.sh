#!/usr/bin/env bash
# The README's test command: installs php-fpm from Debian's packages if it is missing (needs root
# or sudo), then runs the whole test suite — unit tests, tests against a real php-fpm started by
# the tests themselves, the conformance suite against fpm-jms and ActiveMQ Artemis.
# Extra arguments go to Maven (e.g. -pl provider).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
exec mvn -B -ntp verify "$@"
