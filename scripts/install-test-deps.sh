#!/usr/bin/env bash
# Installs the Debian packages the test suite drives as real peers and servers, when missing.
# Fails loudly when it cannot: a test suite that silently skips its interop half proves nothing.
set -euo pipefail

need=()
command -v sipp >/dev/null 2>&1 || need+=(sip-tester)
command -v baresip >/dev/null 2>&1 || need+=(baresip)
# The carrier's record-routing proxy in the interop tests (test/calls/kamailio-interop.test.ts).
command -v kamailio >/dev/null 2>&1 || need+=(kamailio)
# linphonec joins baresip and SIPp as an agent's phone (test/calls/linphone-agent.test.ts).
command -v linphonec >/dev/null 2>&1 || need+=(linphone-cli)
# The attacker's tools of the edge-guard tests (test/sip-edge/sipvicious.test.ts: svcrack, svwar).
command -v svcrack >/dev/null 2>&1 || need+=(sipvicious)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
command -v espeak-ng >/dev/null 2>&1 || need+=(espeak-ng)
command -v sox >/dev/null 2>&1 || need+=(sox)
command -v lame >/dev/null 2>&1 || need+=(lame)
# sox reads MP3 recordings only with this format module (test/media/recorder).
{ command -v sox >/dev/null 2>&1 && sox -h 2>/dev/null | grep -q ' mp3'; } || need+=(libsox-fmt-mp3)
# The web app, the recordings' playback and the WebRTC softphone are tested in Debian's Chromium (test/web, test/media/wav, test/webrtc).
{ command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1; } || need+=(chromium)
# The HTTPS tests make a throw-away self-signed certificate (test/support/self-signed.ts).
command -v openssl >/dev/null 2>&1 || need+=(openssl)
# Chinese glyphs for the web app's screenshots (test/web): without a CJK font the pages show boxes.
{ command -v fc-list >/dev/null 2>&1 && fc-list :lang=zh | grep -q .; } || need+=(fonts-wqy-microhei)
{ command -v cc >/dev/null 2>&1 && [ -e /usr/include/stdio.h ]; } || need+=(gcc libc6-dev)

if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi
echo "install-test-deps: installing ${need[*]}"
if [ "$(id -u)" -ne 0 ]; then
  SUDO=sudo
else
  SUDO=
fi
export DEBIAN_FRONTEND=noninteractive
if ! $SUDO apt-get update -q; then
  echo "install-test-deps: FAILED: apt-get update did not succeed" >&2
  exit 1
fi
if ! $SUDO apt-get install -y -q --no-install-recommends "${need[@]}"; then
  echo "install-test-deps: FAILED: could not install ${need[*]}" >&2
  exit 1
fi
# A package that installs a service must not keep a system instance on our ports.
$SUDO service postgresql stop >/dev/null 2>&1 || true
$SUDO service kamailio stop >/dev/null 2>&1 || true
