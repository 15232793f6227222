#!/usr/bin/env bash
# Starts Hotline as the system under test of bench/sip-cps: a fresh data dir, a trunk that trusts
# 127.0.0.1 and sends PSTN calls to the SIPp callee on $BENCH_UAS_PORT, one 400 number bound to a
# mobile through that trunk, recording off unless HOTLINE_RECORD_CALLS=true is set (this benchmark
# measures the SIP hop; bench/media measures media and recording). Usage (from the repo root):
#   node --import tsx bench/sip-cps/run.ts --targets direct,kamailio,sut \
#     --sut-cmd 'bash bench/sip-cps/platform-sut.sh' --service 4006123456 --caller 13912345678
set -euo pipefail
cd "$(dirname "$0")/../.."
: "${BENCH_SIP_PORT:?set by the harness}" "${BENCH_UAS_PORT:?set by the harness}"
data=$(mktemp -d "${TMPDIR:-/tmp}/hotline-cps-XXXXXX")
cat > "$data/provision.yaml" <<YAML
trunks:
  - { name: bench-carrier, addresses: [127.0.0.1], proxy: { host: 127.0.0.1, port: $BENCH_UAS_PORT, transport: udp } }
tenants:
  - code: bench
    name: 压测科技有限公司
    contact: { name: 压测, phone: "+8613800138000" }
    documents:
      - { kind: business_licence, number: 91350100M000100Y43, verified: true }
      - { kind: handler_id, number: "110101199003077777", verified: true }
    numbers:
      - { number: "4006123456", boundPhones: [{ pstn: "13800138000" }] }
YAML
export HOTLINE_DATA_DIR="$data" HOTLINE_SIP_ADDRESS=127.0.0.1 HOTLINE_SIP_PORT="$BENCH_SIP_PORT" \
  HOTLINE_HTTP_ADDRESS=127.0.0.1 HOTLINE_HTTP_PORT="${BENCH_HTTP_PORT:-0}" HOTLINE_RTP_PORTS=30000-39999 \
  HOTLINE_RECORD_CALLS="${HOTLINE_RECORD_CALLS:-false}"
# The bench tenant has no rate plan and calls out far faster than a real tenant may: the toll-fraud
# controls (unrated calls refused, per-tenant caps and levels) are off, as in platform-sut.ts.
export HOTLINE_REFUSE_UNRATED_CALLS=false HOTLINE_TENANT_MAX_OUTBOUND_CALLS=0 HOTLINE_TENANT_OUTBOUND_CALLS_PER_MINUTE=0 \
  HOTLINE_FRAUD_CALLS_PER_MINUTE=0/0 HOTLINE_FRAUD_CONCURRENT_CALLS=0/0 HOTLINE_FRAUD_CALLS_PER_HOUR=0/0 HOTLINE_FRAUD_SEQUENTIAL_CALLS=0/0
node bin/hotline.mjs import "$data/provision.yaml" >/dev/null
# BENCH_NODE_ARGS: extra node flags for the platform process (a CPU profile, --trace-gc, a heap
# snapshot signal …), word-split on purpose.
# BENCH_PLATFORM_LOG: a file for the platform's own output (e.g. --trace-gc lines) instead of the harness's pipe.
if [ -n "${BENCH_PLATFORM_LOG:-}" ]; then exec >"$BENCH_PLATFORM_LOG" 2>&1; fi
# shellcheck disable=SC2086
exec node ${BENCH_NODE_ARGS:-} bin/hotline.mjs start
