// User-Agents of SIP scanners and password crackers, as Kamailio's default config (REQINIT) and
// fail2ban's filters name them. Genuine phones never send these; sipsak and SIPp are not listed
// (operators and tests use them).

/** Lower-case fragments; a User-Agent containing one is a scanner. */
export const SCANNER_USER_AGENTS: readonly string[] = [
  'friendly-scanner', // sipvicious svmap/svwar/svcrack (hard-coded in 0.3.x)
  'friendly-request',
  'sipvicious',
  'sipcli',
  'vaxsipuseragent',
  'pplsip',
  'sundayddr',
  'iwar',
  'sivus',
  'sip-scan',
  'sipscan',
];

/** True when the User-Agent names a known scanner (case-insensitive fragment match). */
export function isScannerUserAgent(userAgent: string): boolean {
  const ua = userAgent.toLowerCase();
  for (const fragment of SCANNER_USER_AGENTS) if (ua.includes(fragment)) return true;
  return false;
}
