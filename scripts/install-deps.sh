#!/usr/bin/env bash
# Installs php-fpm, phpunit and composer (the PHP helper's tests: php/, run by the provider's build)
# (and, for the benchmarks, nginx and wrk; valgrind with FPMJMS_BENCH_VALGRIND=1) from Debian's
# packages when missing.
# Safe to run more than once. Needs root or sudo for apt-get.
set -euo pipefail

want=()
have_fpm() {
  command -v php-fpm >/dev/null 2>&1 && return 0
  ls /usr/sbin/php-fpm* >/dev/null 2>&1 && return 0
  compgen -c | grep -qE '^php-fpm[0-9.]+$'
}
have_fpm || want+=(php-fpm)
command -v php >/dev/null 2>&1 || want+=(php-cli)
command -v phpunit >/dev/null 2>&1 || want+=(phpunit)
command -v composer >/dev/null 2>&1 || want+=(composer)
if [ "${FPMJMS_BENCH_DEPS:-0}" = "1" ]; then
  command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || want+=(nginx)
  command -v wrk >/dev/null 2>&1 || want+=(wrk)
fi
if [ "${FPMJMS_BENCH_VALGRIND:-0}" = "1" ]; then
  command -v valgrind >/dev/null 2>&1 || want+=(valgrind)
fi

if [ ${#want[@]} -eq 0 ]; then
  exit 0
fi

sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then sudo_cmd=(sudo); else
    echo "fpm-jms: need root to install: ${want[*]} (apt-get install -y ${want[*]})" >&2; exit 1
  fi
fi
echo "fpm-jms: installing ${want[*]} from Debian's packages"
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${want[@]}" >/dev/null
