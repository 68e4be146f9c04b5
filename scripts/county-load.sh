#!/usr/bin/env bash
# Issue 27: the county load benchmark, 20 terminals on one encrypted database for two
# minutes (tests/county_load.rs at full size); its figures are in BENCHMARKS.md.
# RT_LOAD_TERMINALS, RT_LOAD_SECS and RT_LOAD_IDLE_SECS override the sizes;
# CARGO_FLAGS="--release" measures an optimised build.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "$(date -u +%FT%TZ) $(nproc) cores; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
RT_LOAD_TERMINALS="${RT_LOAD_TERMINALS:-20}" \
RT_LOAD_SECS="${RT_LOAD_SECS:-120}" \
RT_LOAD_IDLE_SECS="${RT_LOAD_IDLE_SECS:-30}" \
    cargo test ${CARGO_FLAGS:-} --test county_load -- --nocapture
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
