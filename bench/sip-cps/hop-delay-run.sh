#!/usr/bin/env bash
# The issue's post-dial-delay figure in one command: captures loopback UDP while bench/sip-cps runs
# the platform (platform-sut.sh) at a steady rate after a warm-up, then reads INVITE in → INVITE out
# from the capture (hop-delay.ts). Needs Debian's tcpdump (bash scripts/install-bench-deps.sh).
#   bash bench/sip-cps/hop-delay-run.sh [rate=100] [seconds=30]
# Extra settings for the platform go through the environment (e.g. HOTLINE_MEDIA_WORKERS=2).
set -euo pipefail
cd "$(dirname "$0")/../.."
rate=${1:-100}
seconds=${2:-30}
warmup=500
command -v tcpdump >/dev/null || { echo "tcpdump is missing: bash scripts/install-bench-deps.sh" >&2; exit 1; }
pcap=$(mktemp "${TMPDIR:-/tmp}/hop-delay-XXXXXX.pcap")
trap 'rm -f "$pcap"' EXIT
# -B: a 16 MiB capture buffer, so a burst is not dropped by the capture itself.
tcpdump -i lo -s 2000 -B 16384 -w "$pcap" udp 2>/dev/null &
dump=$!
sleep 1
node --import tsx bench/sip-cps/run.ts --targets sut --sut-cmd 'bash bench/sip-cps/platform-sut.sh' \
  --service 4006123456 --caller 13912345678 --rates "$rate" --step-seconds "$seconds" --hold-seconds 0 \
  --warmup-calls "$warmup" --rss-calls 0 --idle-seconds 0 | grep -E "^\[sut\] +$rate/s"
kill -INT "$dump"; wait "$dump" || true
# The warm-up runs at 20 calls/s; its INVITEs are skipped by time.
node --import tsx bench/sip-cps/hop-delay.ts "$pcap" --skip-seconds $((warmup / 20 + 2))
