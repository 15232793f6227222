#!/usr/bin/env bash
# Installs the Debian packages the benchmarks in bench/ drive, when missing: the test suite's
# peers (scripts/install-test-deps.sh: SIPp, the C compiler for bench/media's generator) plus the
# reference servers the issues compare against — Kamailio (bench/sip-cps), rtpengine's userspace
# daemon (bench/media) — and tcpdump (bench/sip-cps/hop-delay-run.sh reads the hop delay from a
# loopback capture). Fails loudly when it cannot. Usage: bash scripts/install-bench-deps.sh
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-test-deps.sh

need=()
command -v kamailio >/dev/null 2>&1 || need+=(kamailio)
command -v rtpengine >/dev/null 2>&1 || need+=(rtpengine-daemon)
command -v tcpdump >/dev/null 2>&1 || need+=(tcpdump)
if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi
echo "install-bench-deps: installing ${need[*]}"
SUDO=
[ "$(id -u)" -eq 0 ] || SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q || { echo "install-bench-deps: FAILED: apt-get update did not succeed" >&2; exit 1; }
$SUDO apt-get install -y -q --no-install-recommends "${need[@]}" || { echo "install-bench-deps: FAILED: could not install ${need[*]}" >&2; exit 1; }
# The packages start system services; the benchmarks start their own instances on their own ports.
for svc in kamailio rtpengine-daemon ngcp-rtpengine-daemon; do $SUDO service "$svc" stop >/dev/null 2>&1 || true; done
