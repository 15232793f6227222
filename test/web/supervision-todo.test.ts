/**
 * Issue 15's parts left open by this session (each with its reason); the server side of each is
 * built and tested (test/quality, test/announcements, test/reports/service-figures).
 */
import { test } from 'node:test';

test.todo('announcements page in the web app (publish form for admins/supervisors, the agent\'s list with an unread badge fed by announcement.published on /api/v1/events, confirm reading) and its Chromium test — the API and the event are built (test/announcements); the page was not reached before the deadline');
test.todo('quality page: waveform drawing, playback speed and a caller/agent channel split (Web Audio) — the page plays the stereo recording with the browser\'s own player for now');
test.todo('quality page: forms editor, sampling rules, results per agent/group/day and dispute resolution in the web app — all through the API today (test/quality/quality-api.test.ts)');
test.todo('sampling rules run on a schedule — today POST /api/v1/quality/sampling/run runs them over a period on demand');
