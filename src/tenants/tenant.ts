/** An enterprise renting numbers and seats on the platform. */
import type { TenantStatus } from './tenant-status.ts';

export interface TenantContact {
  readonly name: string;
  readonly phone: string;
  readonly email: string | null;
}

export interface Tenant {
  readonly id: string;
  /** Stable key chosen by the operator (and `hotline import`), unique. */
  readonly code: string;
  readonly name: string;
  /** Unified social credit code (GB 32100-2015), null until known. */
  readonly socialCreditCode: string | null;
  readonly contact: TenantContact;
  readonly status: TenantStatus;
  /** Agent seats purchased (C32). */
  readonly seats: number;
  /** IANA zone for schedules and reports. */
  readonly timeZone: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface TenantInput {
  readonly code: string;
  readonly name: string;
  readonly socialCreditCode?: string | null;
  readonly contact: TenantContact;
  readonly seats?: number;
  readonly timeZone?: string;
}
