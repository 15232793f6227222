/**
 * Puts the stored ACD configuration into the engine: at start every tenant that has any (then each
 * agent's last stored status, so a restart leaves nobody reserved), and one tenant again after an
 * API or import change. Agents are the tenant's enabled users with the agent role; their phone is
 * their chosen one (acd_agent_profiles), else their SIP user, else their bound number — an agent
 * with none of these cannot take calls and is left out.
 */
import type { Kysely } from 'kysely';
import { listUsers } from '../users/user-store.ts';
import type { AgentProfile } from './acd-model.ts';
import type { AcdTables } from './acd-tables.ts';
import { defaultAgentPhone, listAgentProfiles } from './agent-profile-store.ts';
import { lastAgentStatuses } from './agent-transition-log.ts';
import type { InMemoryAcdEngine } from './in-memory-acd-engine.ts';
import { listMemberships } from './membership-store.ts';
import { listNotReadyReasons } from './not-ready-reason-store.ts';
import { listQueues } from './queue-store.ts';
import { listAgentSkills } from './skill-store.ts';

type Db = Kysely<object>;

export class AcdLoader {
  readonly #loaded = new Set<string>();

  constructor(
    private readonly db: Db,
    private readonly engine: InMemoryAcdEngine,
  ) {}

  /** At start: every tenant with ACD data, then the agents' last statuses. */
  async loadAll(): Promise<void> {
    const t = this.db.withTables<AcdTables>();
    const tenants = new Set<string>();
    for (const table of ['acd_queues', 'acd_memberships', 'acd_agent_transitions'] as const) {
      for (const r of await t.selectFrom(table).select('tenant_id').distinct().execute()) tenants.add(r.tenant_id);
    }
    for (const tenantId of tenants) await this.reloadTenant(tenantId);
    for (const s of await lastAgentStatuses(this.db)) this.engine.restore(s.tenantId, s.userId, s.status, new Date(s.at));
  }

  /** Loads a tenant the first time it is needed (an agent logging in to a tenant with no queues yet). */
  async ensureTenant(tenantId: string, db: Db = this.db): Promise<void> {
    if (!this.#loaded.has(tenantId)) await this.reloadTenant(tenantId, db);
  }

  /** Replaces what the engine holds of one tenant with the stored configuration (agents keep their state). */
  async reloadTenant(tenantId: string, db: Db = this.db): Promise<void> {
    this.#loaded.add(tenantId);
    // One after another: `db` may be a transaction (an API request's), which runs one statement at a time.
    const queues = await listQueues(db, tenantId);
    const memberships = await listMemberships(db, tenantId);
    const skills = await listAgentSkills(db, tenantId);
    const reasons = await listNotReadyReasons(db, tenantId);
    const profiles = await listAgentProfiles(db, tenantId);
    const users = await this.#agentUsers(db, tenantId);
    const e = this.engine;
    e.putNotReadyReasons(
      tenantId,
      reasons.map((r) => r.code),
    );
    for (const q of queues) e.putQueue(q);
    const queueIds = new Set(queues.map((q) => q.id));
    for (const f of e.queueFigures(tenantId)) if (!queueIds.has(f.queueId)) e.removeQueue(tenantId, f.queueId);
    const chosen = new Map(profiles.map((p) => [p.userId, p]));
    const present = new Set<string>();
    for (const u of users) {
      const stored = chosen.get(u.id);
      const phone = stored?.phone ?? defaultAgentPhone(u);
      if (!phone) continue;
      present.add(u.id);
      const profile: AgentProfile = {
        tenantId,
        userId: u.id,
        agentId: u.agentId ?? u.username,
        displayName: u.displayName,
        phone,
        skills: new Map(skills.filter((s) => s.userId === u.id).map((s) => [s.skillId, s.proficiency])),
        regions: stored?.regions ?? [],
      };
      e.putAgent(
        profile,
        memberships.filter((m) => m.userId === u.id && queueIds.has(m.queueId)),
      );
    }
    for (const a of e.agents(tenantId)) if (!present.has(a.userId)) e.removeAgent(tenantId, a.userId);
  }

  async #agentUsers(db: Db, tenantId: string) {
    const out = [];
    let after: string | undefined;
    for (;;) {
      const page = await listUsers(db, tenantId, { role: 'agent', limit: 500, ...(after !== undefined ? { after } : {}) });
      out.push(...page.filter((u) => !u.disabled));
      if (page.length < 500) return out;
      after = page[page.length - 1]!.username;
    }
  }
}
