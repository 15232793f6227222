import type { Role } from '@/features/auth/index.ts';
import type { MessageKey } from '@/shared/i18n/index.ts';

export interface MenuEntry {
  path: string;
  label: MessageKey;
}

export interface Area {
  /** The area's heading in the menu. */
  label: MessageKey;
  entries: MenuEntry[];
}

/**
 * What each role sees. The operator runs the platform; enterprise staff use the portal; the agent
 * desk and the wallboard are the next areas (their entries are here so the shell keeps a place).
 */
export function areasFor(role: Role): Area[] {
  switch (role) {
    case 'operator_admin':
      return [
        {
          label: 'nav.operator',
          entries: [
            { path: '/operator/tenants', label: 'nav.tenants' },
            { path: '/operator/numbers', label: 'nav.numberPool' },
            { path: '/operator/trunks', label: 'nav.trunks' },
            { path: '/operator/rate-plans', label: 'nav.ratePlans' },
            { path: '/operator/accounts', label: 'nav.accounts' },
            { path: '/operator/users', label: 'nav.operatorUsers' },
            { path: '/operator/audit', label: 'nav.platformAudit' },
            { path: '/operator/health', label: 'nav.health' },
            { path: '/operator/service-figures', label: 'nav.serviceFigures' },
          ],
        },
      ];
    case 'tenant_admin':
    case 'supervisor':
      return [
        {
          label: 'nav.portal',
          entries: [
            { path: '/portal/dashboard', label: 'nav.dashboard' },
            { path: '/portal/call-records', label: 'nav.callRecords' },
            ...(role === 'tenant_admin' ? [{ path: '/portal/spending', label: 'nav.spending' as const }] : []),
            { path: '/portal/numbers', label: 'nav.numbers' },
            { path: '/portal/service-figures', label: 'nav.serviceFigures' },
            { path: '/supervision', label: 'nav.supervision' },
            { path: '/wallboard', label: 'nav.wallboard' },
            { path: '/quality', label: 'nav.quality' },
            { path: '/announcements', label: 'nav.announcements' },
            { path: '/portal/analysis', label: 'nav.analysis' },
            { path: '/portal/prompts', label: 'nav.prompts' },
            { path: '/portal/voicemail', label: 'nav.voicemail' },
            ...(role === 'tenant_admin'
              ? [
                  { path: '/portal/users', label: 'nav.users' as const },
                  { path: '/portal/api-keys', label: 'nav.apiKeys' as const },
                  { path: '/portal/audit', label: 'nav.audit' as const },
                  { path: '/portal/documents', label: 'nav.documents' as const },
                ]
              : []),
          ],
        },
      ];
    case 'agent':
      return [{ label: 'nav.agentDesk', entries: [{ path: '/desk', label: 'nav.agentDesk' }, { path: '/quality', label: 'nav.quality' }, { path: '/announcements', label: 'nav.announcements' }] }];
    case 'qa_reviewer':
      return [{ label: 'nav.quality', entries: [{ path: '/quality', label: 'nav.quality' }] }];
  }
}

/** Where a role lands after signing in. */
export function homeOf(role: Role): string {
  return areasFor(role)[0]?.entries[0]?.path ?? '/';
}
