#!/usr/bin/env bash
# The README demo: sends messages through an embedded php-fpm and prints the workers' replies.
exec bash "$(dirname "$0")/run-example.sh" Demo "$@"
