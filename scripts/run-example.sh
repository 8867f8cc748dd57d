#!/usr/bin/env bash
# Builds the examples and runs one of them on the embedded php-fpm.
#   bash scripts/run-example.sh Demo
#   bash scripts/run-example.sh FireAndForget 100
#   (Demo, FireAndForget, RequestReply, ReplyConsumer, JndiLookup: see examples/README.md)
# Installs php-fpm from Debian's packages first if it is missing (needs root or sudo).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
mvn -q -B -ntp -Dstyle.color=never -pl examples -am -DskipTests package
main="${1:-Demo}"
shift || true
exec java -cp "examples/target/classes:$(cat examples/target/classpath.txt)" "dev.fpmjms.examples.${main}" "$@"
