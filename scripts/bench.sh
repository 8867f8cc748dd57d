#!/usr/bin/env bash
# The side-by-side benchmark: fpm-jms, raw FastCGI, nginx + wrk, Java's HttpClient -> nginx and an
# embedded Artemis broker on one machine in one run (docs/benchmarks.md).
#   bash scripts/bench.sh              full run, about 9 minutes
#   bash scripts/bench.sh --quick      smoke run, about 2 minutes
#   bash scripts/bench.sh --help       all options
#   bash scripts/bench.sh --jmh [JMH options, e.g. FcgiCodec -f 1]   microbenchmarks
#   bash scripts/bench.sh --php-instructions   PHP instructions per request (valgrind), about 2 minutes
# Installs php-fpm, nginx and wrk (valgrind for --php-instructions) from Debian's packages first
# when missing (needs root or sudo); without nginx or wrk their scenarios are skipped with a notice.
set -euo pipefail
cd "$(dirname "$0")/.."

valgrind=0
if [ "${1:-}" = "--php-instructions" ]; then valgrind=1; fi
if ! FPMJMS_BENCH_DEPS=1 FPMJMS_BENCH_VALGRIND=$valgrind bash scripts/install-deps.sh; then
  echo "bench: notice: could not install nginx/wrk/valgrind; what needs them will be skipped" >&2
fi
mvn -q -B -ntp -pl benchmarks -am -DskipTests package >&2  # stdout stays bench: lines only
cp="benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)"
log=(-Dorg.slf4j.simpleLogger.defaultLogLevel=warn -Dorg.slf4j.simpleLogger.log.org.apache.activemq=error)

if [ "${1:-}" = "--jmh" ]; then
  shift
  if [ $# -eq 0 ]; then
    set -- dev.fpmjms.bench.jmh
  fi
  exec java "${log[@]}" -cp "$cp" org.openjdk.jmh.Main "$@"
fi
if [ "${1:-}" = "--php-instructions" ]; then
  exec java "${log[@]}" -cp "$cp" dev.fpmjms.bench.PhpInstructions
fi
exec java -Xms512m -Xmx1g "${log[@]}" -cp "$cp" dev.fpmjms.bench.BenchMain "$@"
