#!/usr/bin/env bash
# The broker-mode demo on one machine (docs/artemis.md): an ActiveMQ Artemis broker, two
# dispatchers (java -jar fpm-jms-artemis.jar dispatcher.properties, each with its own embedded
# php-fpm running examples' greet.php) and two application instances: one sends, the other reads
# the replies. Everything is stopped at the end.
#   bash scripts/artemis-demo.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
mvn -q -B -ntp -Dstyle.color=never -pl examples,artemis -am -DskipTests -Dphpunit.skip=true package
n="${1:-12}"
work="$(mktemp -d /tmp/fpm-jms-artemis-demo.XXXXXX)"
chmod 755 "$work"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
cp examples/src/main/resources/php/greet.php "$work/greet.php"
chmod 644 "$work/greet.php"
run() { java -cp "examples/target/classes:$(cat examples/target/classpath.txt)" dev.fpmjms.examples.ArtemisDemo "$@"; }
await() { # await FILE TEXT: wait up to 60 s for TEXT in FILE
  for _ in $(seq 600); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 0.1; done
  echo "timed out waiting for '$2' in $1:"; cat "$1"; exit 1
}

run broker > "$work/broker.log" 2>&1 & pids+=($!)
await "$work/broker.log" '^broker tcp://'
broker="$(sed -n 's/^broker //p' "$work/broker.log")"
echo "broker: $broker"

cat > "$work/dispatcher.properties" <<PROPS
broker=$broker
route.greetings=embedded|$work/greet.php
route.greetings.maxInFlight=2
PROPS
jar="$(ls artemis/target/fpm-jms-artemis-*.jar | head -1)"
for d in 1 2; do
  java -jar "$jar" "$work/dispatcher.properties" > "$work/dispatcher$d.log" 2>&1 & pids+=($!)
done
for d in 1 2; do await "$work/dispatcher$d.log" 'fpm-jms dispatcher ready:'; echo "dispatcher $d: $(grep 'ready:' "$work/dispatcher$d.log")"; done

run receive "$broker" "$n" & receiver=$!
run send "$broker" "$n"
wait "$receiver"
