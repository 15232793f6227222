/**
 * The in-memory trunk list call control asks per INVITE: `matchSource` and `byId` answer from
 * memory. The list is reloaded when this process announces a trunk change and, as a net for
 * changes made by another node or process, every `refreshIntervalMs`.
 */
import type { Kysely } from 'kysely';
import { trunkChanges as defaultChanges } from './trunk-changes.ts';
import type { TrunkChanges } from './trunk-changes.ts';
import { TrunkMatcher } from './trunk-matcher.ts';
import { listTrunks } from './trunk-store.ts';
import type { Trunk } from './trunk.ts';

export interface TrunkDirectoryOptions {
  /** Periodic reload; 0 turns it off. Default 30 000 ms. */
  readonly refreshIntervalMs?: number;
  readonly changes?: TrunkChanges;
  /** Called when a reload fails (the previous list stays in force). */
  readonly onError?: (error: unknown) => void;
}

export class TrunkDirectory {
  private matcher = new TrunkMatcher([]);
  private trunks: readonly Trunk[] = [];
  private ids = new Map<string, Trunk>();
  private names = new Map<string, Trunk>();
  private loading: Promise<void> | undefined;
  private again = false;
  private unsubscribe: (() => void) | undefined;
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly db: Kysely<object>,
    private readonly options: TrunkDirectoryOptions = {},
  ) {}

  /** Loads the list (throws if the first load fails) and starts following changes. */
  async start(): Promise<void> {
    await this.reloadNow();
    this.unsubscribe = (this.options.changes ?? defaultChanges).subscribe(() => void this.refresh());
    const every = this.options.refreshIntervalMs ?? 30_000;
    if (every > 0) {
      this.timer = setInterval(() => void this.refresh(), every);
      this.timer.unref();
    }
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }

  matchSource(address: string): Trunk | undefined {
    return this.matcher.matchSource(address);
  }

  byId(id: string): Trunk | undefined {
    return this.ids.get(id);
  }

  byName(name: string): Trunk | undefined {
    return this.names.get(name);
  }

  list(): readonly Trunk[] {
    return this.trunks;
  }

  /** Reloads; concurrent calls coalesce into at most one more load after the running one.
   * Never rejects: a failed reload keeps the previous list and reports to `onError`. */
  refresh(): Promise<void> {
    if (this.loading !== undefined) {
      this.again = true;
      return this.loading;
    }
    this.loading = (async () => {
      do {
        this.again = false;
        try {
          await this.reloadNow();
        } catch (error) {
          this.options.onError?.(error);
        }
      } while (this.again);
    })().finally(() => {
      this.loading = undefined;
    });
    return this.loading;
  }

  private async reloadNow(): Promise<void> {
    const trunks = await listTrunks(this.db);
    this.matcher = new TrunkMatcher(trunks);
    this.trunks = trunks;
    this.ids = new Map(trunks.map((t) => [t.id, t]));
    this.names = new Map(trunks.map((t) => [t.name, t]));
  }
}
