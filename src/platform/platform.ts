/**
 * The composition root: opens the store, repairs what a crash left, and wires SIP, media, call
 * control, routing and the HTTP API together. `hotline start` and the end-to-end tests run this.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { readFile } from 'node:fs/promises';
import { sql } from 'kysely';
import type { Server } from 'node:http';
import type { Settings } from '../config/settings.ts';
import { openDatabase } from '../db/database.ts';
import type { Database } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { closeInterruptedCalls } from '../cdr/interrupted-calls.ts';
import { startHeartbeat } from '../cdr/heartbeat.ts';
import { startReservationSweeper } from './reservation-sweeper.ts';
import { startRetentionJob } from './retention-job.ts';
import { startSamplingJob } from '../quality/sampling-job.ts';
import { PrepaidGate } from '../cdr/prepaid-gate.ts';
import { CapGate } from '../caps/cap-gate.ts';
import { tenantCapAlerts } from '../caps/cap-alert.ts';
import { admissionChain } from '../caps/admission-chain.ts';
import { systemClock } from '../kernel/clock.ts';
import type { Clock } from '../kernel/clock.ts';
import { SipEndpoint } from '../sip/endpoint/sip-endpoint.ts';
import type { SipEndpointStats } from '../sip/endpoint/sip-endpoint.ts';
import { UserAgentCore } from '../sip/ua/user-agent-core.ts';
import { DigestAuthenticator } from '../sip/auth/digest-authenticator.ts';
import { Registrar } from '../sip/registrar/registrar.ts';
import { DigestGate } from '../sip/ua/digest-gate.ts';
import type { Ha1Lookup } from '../sip/ua/digest-gate.ts';
import { softphoneHa1, softphoneSecret } from '../users/softphone-credentials.ts';
import { RegistrationService } from '../sip/ua/registration-service.ts';
import { EmbeddedMediaEngine } from '../media/embedded/embedded-media-engine.ts';
import type { MediaEngine } from '../media/media-engine.ts';
import { WorkerMediaEngine } from '../media/worker/worker-media-engine.ts';
import { CallRateMeter } from './call-rate-meter.ts';
import { B2bua } from '../calls/b2bua.ts';
import { CallDrivers } from './call-drivers.ts';
import { refusalAnnouncement } from './refusal-announcements.ts';
import { queueCallDriver, queueCallTransferDriver } from './queue-calls.ts';
import { EspeakSynthesizer } from '../media/tts/espeak-synthesizer.ts';
import { QUEUE_DRIVER } from '../acd/queue-call/queue-call-driver.ts';
import { QUEUE_TRANSFER_DRIVER } from '../acd/transfer-in.ts';
import { transferTargets } from './transfer-targets.ts';
import { NumberRouter } from '../routing/number-router.ts';
import { describeCallerRemembered } from '../phone/remembered-caller-info.ts';
import { geocodeTable } from '../phone/geocode-table.ts';
import { TrunkDirectory } from '../trunks/trunk-directory.ts';
import { findSipCredentials, findSipAccount } from '../users/find-sip-credentials.ts';
import { usersSettings } from '../users/users-settings.ts';
import { buildApp } from '../api/app.ts';
import { startNotifications } from '../notify/start-notifications.ts';
import type { Notifications } from '../notify/start-notifications.ts';
import { callRecordSubscriber, databaseCallRecords } from './call-record-sink.ts';
import { platformFlows } from '../flows/platform-flows.ts';
import { routingDirectory } from './routing-directory.ts';
import { listenHttp } from './http-server.ts';
import { SIP_WEBSOCKET_PATH, sipWebSocketRoute } from './sip-websocket.ts';
import { describeDemo, describeFirstOperator, loadDemoIfEmpty } from './demo-set.ts';
import { ensureFirstOperator } from '../users/first-operator.ts';
import { sipEdgeGuard, startEdgeSummary } from './sip-edge.ts';
import { quote } from '../sip/edge/edge-guard.ts';
import { UserCallCaps } from '../calls/user-call-caps.ts';
import { tenantCallGuard } from './tenant-call-guard.ts';
import { recordingPathFor, repairInterruptedRecordings } from './recordings.ts';
import { recordingMp3 } from '../recordings/recording-mp3.ts';
import type { DemoCredentials } from './demo-set.ts';
import { EventBus } from '../events/event-bus.ts';
import { InProcessLiveState } from '../events/in-process-live-state.ts';
import { FeedHub } from '../events/feed-hub.ts';
import { type Acd, startAcd } from './acd-wiring.ts';
import { type Desk, startDesk } from '../desk/desk.ts';
import { noteIvrPath } from '../desk/ivr-noting-driver.ts';
import { deskPresenceActions, wireDeskRegistrations } from './desk-wiring.ts';
import { startWallboard } from './wallboard-wiring.ts';
import { WebhookDispatcher } from '../webhooks/webhook-dispatcher.ts';
import { WebhookSender } from '../webhooks/webhook-sender.ts';

export interface PlatformOptions {
  log?: (line: string) => void;
  clock?: Clock;
  /** Load examples/demo.yaml into an empty database (default: settings.demo). */
  loadDemo?: boolean;
  /** SIP timer base overrides (tests shorten T1 so failures show fast). */
  sipTimers?: { t1?: number; t2?: number; t4?: number };
  /** Event feed timing overrides (tests shorten the heartbeat and session re-check periods, and the slow-reader limit). */
  eventFeed?: { heartbeatMs?: number; revalidateMs?: number; maxBufferedBytes?: number };
}

export interface Platform {
  readonly settings: Settings;
  readonly database: Database;
  readonly sipPort: number;
  readonly httpPort: number;
  readonly b2bua: B2bua;
  /** Call drivers by name (route decisions and flows hand calls to them); register more before calls need them. */
  readonly callDrivers: CallDrivers;
  readonly registrar: Registrar;
  readonly trunks: TrunkDirectory;
  readonly media: MediaEngine;
  readonly demo: DemoCredentials | undefined;
  /** SMS/e-mail outbox and missed-call alerts (R11). */
  readonly notifications: Notifications;
  /** Typed call events (src/events) and the live calls projected from them. */
  readonly events: EventBus;
  readonly live: InProcessLiveState;
  /** The SIP endpoint's counters, the edge guard's among them (docs/security.md). */
  sipStats(): SipEndpointStats;
  /** The event feed's clients (GET /api/v1/events). */
  readonly feed: FeedHub;
  /** The ACD: its engine (the queue driver codes against it) and its configuration loader. */
  readonly acd: Acd;
  /** The agent desk's server side (screen pops, presence). */
  readonly desk: Desk;
  stop(): Promise<void>;
}

export async function startPlatform(settings: Settings, opts: PlatformOptions = {}): Promise<Platform> {
  const log = opts.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  // One clock: now() (monotonic) for timers and durations, wallNow() for records, the ledger, dates.
  const clock = opts.clock ?? systemClock;
  const database = await openDatabase({ dataDir: settings.dataDir, backgroundCheckpoints: true, ...(settings.databaseUrl ? { url: settings.databaseUrl } : {}) });
  const cleanups: (() => Promise<void> | void)[] = [() => database.close()];
  const stop = async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  };
  try {
    const db = database.db;
    await migrateToLatest(db);
    const interrupted = await closeInterruptedCalls(db, new Date(clock.wallNow()));
    if (interrupted.closed > 0) log(`Closed ${interrupted.closed} call record(s) left open by the last run as interrupted (charged ${interrupted.chargedLi} li for their talk).`);
    const heartbeat = await startHeartbeat(db, { now: () => clock.wallNow(), onError: (err) => log(`heartbeat failed: ${(err as Error).message}`) });
    cleanups.push(() => heartbeat.stop());
    const sweeper = startReservationSweeper(db, { now: () => new Date(clock.wallNow()), log });
    cleanups.push(() => sweeper.stop());
    const retention = startRetentionJob(db, { now: () => new Date(clock.wallNow()), log });
    cleanups.push(() => retention.stop());
    const sampling = startSamplingJob(db, { clock, log });
    cleanups.push(() => sampling.stop());
    const repaired = await repairInterruptedRecordings(settings.dataDir);
    if (repaired > 0) log(`Repaired ${repaired} recording(s) the last run left half-written.`);
    // Caller attribution data, loaded once before the first call needs it.
    await geocodeTable('zh', '86');
    const users = usersSettings({ sipRealm: settings.sipRealm });
    const firstOperator = await ensureFirstOperator(db, users);
    const demo = (opts.loadDemo ?? settings.demo) ? await loadDemoIfEmpty(db, users) : undefined;

    const trunks = new TrunkDirectory(db, { onError: (err) => log(`trunk reload failed: ${(err as Error).message}`) });
    await trunks.start();
    cleanups.push(() => trunks.stop());

    const mediaOptions = { bindAddress: settings.sipAddress, advertiseAddress: settings.advertisedAddress, ports: `${settings.rtpPorts.min}-${settings.rtpPorts.max}`, recordingFormat: settings.recordingFormat, nativeIo: settings.mediaNativeIo };
    // HOTLINE_MEDIA_WORKERS: one worker thread per core owning whole calls, or 0 for this thread.
    // Text to speech for the few free names a call speaks (a queue's name and the caller's region in
    // an agent's whisper, a flow's text prompt), cached under the data directory like the prompts'.
    const tts = { cacheDir: join(settings.dataDir, 'tts') };
    const media = settings.mediaWorkers > 0
      ? new WorkerMediaEngine({ ...mediaOptions, workers: settings.mediaWorkers, synthesizer: { kind: 'espeak', ...tts }, log })
      : new EmbeddedMediaEngine({ ...mediaOptions, synthesizer: new EspeakSynthesizer(tts), log });
    cleanups.push(() => media.close());
    if (media instanceof WorkerMediaEngine) await media.ready();

    const guard = sipEdgeGuard(settings.sipEdge, { clock, log, isTrusted: (address) => trunks.matchSource(address) !== undefined });
    const endpoint = await SipEndpoint.listen({
      address: settings.sipAddress,
      port: settings.sipPort,
      advertisedAddress: settings.advertisedAddress,
      forceRport: settings.forceRport,
      clock,
      guard,
      tcpIdleTimeout: settings.sipEdge.tcpIdleTimeoutSeconds * 1000,
      tcpMessageTimeout: settings.sipEdge.tcpMessageTimeoutSeconds * 1000,
      tcpMaxConnections: settings.sipEdge.tcpMaxConnections,
      tcpMaxConnectionsPerSource: settings.sipEdge.tcpMaxConnectionsPerSource,
      ...(opts.sipTimers ? { timers: opts.sipTimers } : {}),
    });
    cleanups.push(() => endpoint.close());
    const edgeSummary = startEdgeSummary(endpoint, log);
    cleanups.push(() => edgeSummary.stop());
    // The stack drops a message whose handling threw (and answers what it can); say so.
    endpoint.onInternalError = (err) => log(`sip internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    // No Server header unless the operator names one: a product name lets scanners fingerprint us.
    const ua = new UserAgentCore(endpoint, settings.sipServerHeader === undefined ? {} : { userAgent: settings.sipServerHeader });

    const authenticator = new DigestAuthenticator({ realm: settings.sipRealm, secret: randomBytes(32), clock, algorithms: settings.sipDigestAlgorithms });
    const deskSecret = softphoneSecret(settings.dataDir);
    const lookupHa1: Ha1Lookup = async (username, realm, algorithm, source) => {
      if (algorithm !== 'MD5' && algorithm !== 'SHA-256') return undefined;
      // The desk's short-lived name (user/expiry) first: '/' is never in a stored SIP user name.
      return (await softphoneHa1(db, deskSecret, { authorizationUser: username, realm, algorithm, transport: source.transport, nowMs: clock.wallNow() }))
        ?? findSipCredentials(db, username, realm, algorithm);
    };
    const gate = new DigestGate(authenticator, lookupHa1, guard);
    const registrar = new Registrar({ clock });
    // A browser's registration lives as long as its WebSocket: nothing else reaches it.
    endpoint.onWebSocketClosed = (remote) => {
      registrar.dropSource(remote);
    };
    const sipUserTenant = async (username: string) => (await findSipAccount(db, username, settings.sipRealm, 'MD5'))?.tenantId ?? null;
    const directory = routingDirectory(db, trunks, registrar, sipUserTenant);
    const router = new NumberRouter(directory, {
      refuseUnrated: settings.refuseUnratedCalls, ringTimeoutMs: settings.ringTimeoutSeconds * 1000, now: () => new Date(clock.wallNow()) });
    const notifications = startNotifications(db, settings, { log, webhookSender: new WebhookSender({ db, allowPrivate: settings.webhookPrivateTargets, now: () => clock.wallNow() }) });
    cleanups.push(() => notifications.stop());
    const prepaid = new PrepaidGate(db, { now: () => clock.wallNow() });
    const caps = new CapGate(db, { now: () => clock.wallNow(), alerts: tenantCapAlerts(db, () => new Date(clock.wallNow())), onError: (err) => log(`cap alert failed: ${(err as Error).message}`) });
    // In the background: calls arriving meanwhile share the load in flight.
    caps.warm().catch((err: unknown) => log(`cap usage seeding failed: ${(err as Error).message}`));
    const events = new EventBus({ now: () => clock.wallNow(), onError: (err, subscriber) => log(`event subscriber ${subscriber} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`) });
    // Live state subscribes first: a snapshot from it covers every event later subscribers saw.
    const live = new InProcessLiveState(events);
    cleanups.push(() => live.stop());
    const webhooks = new WebhookDispatcher({ db, bus: events, now: () => clock.wallNow(), log });
    await webhooks.start();
    cleanups.push(() => webhooks.stop());
    const feed = new FeedHub({ ...opts.eventFeed, bus: events, live, now: () => clock.wallNow(), onError: (err) => log(`event feed: ${(err as Error).message}`) });
    const acd = await startAcd({ db, clock, bus: events, live, registrar, sipUserTenant, log });
    cleanups.push(() => acd.stop());
    const desk = startDesk({ bus: events, clock, graceMs: settings.deskGraceSeconds * 1000, ...deskPresenceActions(acd.engine, registrar) });
    cleanups.push(() => desk.stop());
    // Agents restored on a browser phone had a desk whose sockets went with the last run: back within the grace, or not ready.
    for (const tenantId of acd.engine.tenantIds()) {
      for (const a of acd.engine.agents(tenantId)) if (a.phone.kind === 'browser' && a.status.state !== 'logged_out') desk.presence.expect(tenantId, a.userId);
    }
    cleanups.push(wireDeskRegistrations({
      registrar,
      desk,
      sipAccount: async (username) => {
        const account = await findSipAccount(db, username, settings.sipRealm, 'MD5');
        return account?.tenantId ? { tenantId: account.tenantId, userId: account.userId } : undefined;
      },
      log,
    }));
    const wallboard = await startWallboard({ db, bus: events, live, engine: acd.engine, now: () => clock.wallNow(), log });
    cleanups.push(() => wallboard.stop());
    // Filled below by the modules that drive calls (the ACD's queues …), read per call.
    const callDrivers = new CallDrivers();
    const callRate = new CallRateMeter(clock);
    // Callbacks (C10) are outbound-only calls of the B2BUA below.
    const late: { b2bua?: B2bua } = {};
    const queueCalls = { db, dataDir: settings.dataDir, engine: acd.engine, clock, directory, log, calls: () => late.b2bua };
    callDrivers.register(QUEUE_DRIVER, noteIvrPath(queueCallDriver(queueCalls), desk.book));
    // The desk's transfer to a queue (issue 14): the caller handed from an agent's call into a queue.
    callDrivers.register(QUEUE_TRANSFER_DRIVER, queueCallTransferDriver(queueCalls));
    // The call's durable subscribers, in this order (each awaited by the call): its record first —
    // opened before anything rings, closed, rated and charged at the end — then what must follow
    // the close: the missed-call alert and the number's cap usage (R8), which reads the charged cost.
    events.subscribeDurable('call-record', callRecordSubscriber(databaseCallRecords(db, {
      prepaid,
      now: () => new Date(clock.wallNow()),
      onCharged: (callId, charge) => {
        if (charge.note) log(`call ${callId} not rated: ${charge.note}`);
      },
      onError: (err) => log(`low-balance alert failed: ${(err as Error).message}`),
      // C16: every recorded call leaves an MP3 beside its WAV, made in the background (lame in a
      // child process, one at a time), never on the call path.
      onRecorded: (path) => {
        recordingMp3(path).catch((err: unknown) => log(`MP3 conversion of ${path} failed (it is retried at the first MP3 download): ${(err as Error).message}`));
      },
    })));
    events.subscribeDurable('missed-call-alert', (d) => {
      if (d.type !== 'call.ended') return;
      const { start, end } = d.facts;
      notifications.callEnded({ callId: start.id, tenantId: start.tenantId, number400: start.number400, callerNumber: start.caller.number, startedAt: start.startedAt, outcome: end.outcome });
    });
    events.subscribeDurable('cap-usage', async (d) => {
      if (d.type !== 'call.ended') return;
      const { start } = d.facts;
      await caps.callEnded({ callId: start.id, tenantId: start.tenantId, number400: start.number400, startedAt: start.startedAt }).catch((err: unknown) => log(`cap usage update failed: ${(err as Error).message}`));
    });
    const b2bua = new B2bua({
      drivers: callDrivers,
      refusalAnnouncements: refusalAnnouncement,
      transferTargets: transferTargets(directory),
      ua,
      media,
      router,
      clock,
      // Both must pass; the balance first, as the cap gate counts the calls it admits (R8).
      admit: admissionChain(
        async (tenantId) => ((await prepaid.admit(tenantId)).admitted ? undefined : { status: 403, reason: 'Insufficient Balance', outcome: 'no_balance' }),
        (tenantId, number400) => caps.admit(tenantId, number400),
      ),
      describeCaller: describeCallerRemembered,
      authenticator: gate,
      registrations: new RegistrationService(gate, registrar),
      userTenant: sipUserTenant,
      onError: (err) => log(`call error: ${(err as Error).stack ?? String(err)}`),
      mediaTimeoutMs: settings.mediaTimeoutSeconds * 1000,
      tenantCalls: tenantCallGuard(db, { limits: settings.tenantOutbound, now: () => new Date(clock.wallNow()), log }),
      userCalls: new UserCallCaps({
        clock,
        maxConcurrent: settings.sipUserMaxCalls,
        perMinute: settings.sipUserCallsPerMinute,
        onRefused: (username, refusal) => log(`${new Date(clock.wallNow()).toISOString()} sip user call refused: user=${quote(username)} reason=${quote(refusal.reason)}`),
      }),
      events: (e) => {
        if (e.type === 'call.created') callRate.record();
        events.sink(e);
      },
      durableEvents: events.durableSink,
      ...(settings.recordCalls ? { recordingPath: recordingPathFor(settings.dataDir) } : {}),
      flowFor: platformFlows(db, { dataDir: settings.dataDir, clock, now: () => new Date(clock.wallNow()) }),
    });
    ua.application = b2bua;
    late.b2bua = b2bua;
    cleanups.push(() => b2bua.hangupAll());

    const startedAt = new Date(clock.wallNow()).toISOString();
    const app = await buildApp({
      db: database,
      sipRealm: settings.sipRealm,
      dataDir: settings.dataDir,
      trustProxy: settings.trustedProxies.length > 0 ? settings.trustedProxies : false,
      platformHealth: () => ({
        sipPort: endpoint.port,
        activeCalls: b2bua.activeCalls,
        registrations: registrar.bindingCount(),
        callsPerSecond: callRate.perSecond(),
        mediaWorkers: media instanceof WorkerMediaEngine ? media.load : [],
        startedAt,
      }),
      events: { live, feed, publish: (e) => events.publish(e) },
      calls: b2bua,
      acd: { engine: acd.engine, loader: acd.loader },
      desk,
      wallboard: wallboard.port,
      webhookPrivateTargets: settings.webhookPrivateTargets,
    });
    cleanups.push(() => app.close());
    // Feed clients are told (1001) before the server closes under them.
    cleanups.push(() => feed.stop());
    const http = await listenHttp(app, {
      address: settings.httpAddress,
      port: settings.httpPort,
      healthy: async () => {
        await sql`select 1`.execute(db);
        return true;
      },
      upgrades: (https) => [sipWebSocketRoute(endpoint, https)],
      ...(settings.tlsCertFile && settings.tlsKeyFile ? { tls: { cert: await readFile(settings.tlsCertFile), key: await readFile(settings.tlsKeyFile) } } : {}),
    });
    cleanups.push(() => closeServer(http.server));

    log(`Hotline is up: SIP udp+tcp ${settings.sipAddress}:${endpoint.port} and ${http.https ? 'wss' : 'ws'} at ${SIP_WEBSOCKET_PATH}, ${http.https ? 'HTTPS' : 'HTTP'} ${settings.httpAddress}:${http.port}, RTP ${settings.rtpPorts.min}-${settings.rtpPorts.max}, store ${database.dialect}.`);
    if (firstOperator) log(describeFirstOperator(firstOperator, `${http.https ? 'https' : 'http'}://${settings.advertisedAddress}:${http.port}/`));
    if (demo) log(describeDemo(demo, settings.advertisedAddress, endpoint.port, http.port));
    return { settings, database, sipPort: endpoint.port, httpPort: http.port, b2bua, callDrivers, registrar, trunks, media, demo, notifications, events, live, feed, acd, desk, sipStats: () => endpoint.stats(), stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
