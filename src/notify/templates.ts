/**
 * The message texts, zh-CN first and English, rendered once at enqueue time so the outbox holds
 * exactly what goes out. Times show in the tenant's zone; money arrives as integer li and shows as
 * yuan with two decimals (never through a float).
 */
import { nationalForm, toE164 } from '../phone/phone-number.ts';
import type { NotificationLocale, TemplateName, TemplateParams } from './notification.ts';
import { NotificationError } from './notification.ts';

export interface RenderedMessage {
  subject: string;
  body: string;
}

export interface RenderContext {
  locale: NotificationLocale;
  timeZone: string;
  /** The SMS signature inside 【】; default `Hotline`. */
  brand?: string;
}

type Text = (p: Readonly<Record<string, string>>) => RenderedMessage;

interface TemplateSpec {
  required: readonly string[];
  'zh-CN': Text;
  en: Text;
}

const TEMPLATES: Record<TemplateName, TemplateSpec> = {
  missed_call: {
    required: ['caller', 'number400', 'at'],
    'zh-CN': (p) => ({ subject: `未接来电 ${p.caller}`, body: `【${p.brand}】未接来电：${p.caller} 于 ${p.at} 拨打 ${p.number400}` }),
    en: (p) => ({ subject: `Missed call from ${p.caller}`, body: `[${p.brand}] Missed call: ${p.caller} called ${p.number400} at ${p.at}` }),
  },
  voicemail: {
    required: ['caller', 'number400', 'at', 'seconds'],
    'zh-CN': (p) => ({ subject: `新留言 ${p.caller}`, body: `【${p.brand}】新留言：${p.caller} 于 ${p.at} 拨打 ${p.number400} 并留言 ${p.seconds} 秒，请登录平台收听。` }),
    en: (p) => ({ subject: `New voicemail from ${p.caller}`, body: `[${p.brand}] New voicemail: ${p.caller} called ${p.number400} at ${p.at} and left ${p.seconds} s. Sign in to listen.` }),
  },
  outbound_fraud_warning: {
    required: ['metric', 'value', 'threshold'],
    'zh-CN': (p) => ({ subject: '外呼异常提醒', body: `【${p.brand}】外呼异常提醒：经运营商线路的呼叫 ${p.metric} 达到 ${p.value}（提醒线 ${p.threshold}）。如非本企业所为，请立即修改密码并联系平台。` }),
    en: (p) => ({ subject: 'Unusual calls out', body: `[${p.brand}] Unusual calls out through the carrier: ${p.metric} reached ${p.value} (warning level ${p.threshold}). If this was not you, change your passwords and contact the platform now.` }),
  },
  outbound_suspended: {
    required: ['metric', 'value', 'threshold'],
    'zh-CN': (p) => ({ subject: '外呼已暂停', body: `【${p.brand}】为防止盗打，经运营商线路的外呼已暂停：${p.metric} 达到 ${p.value}（上限 ${p.threshold}）。坐席 SIP 话机仍可接听。请联系平台核实后恢复。` }),
    en: (p) => ({ subject: 'Calls out suspended', body: `[${p.brand}] To stop toll fraud, calls out through the carrier are suspended: ${p.metric} reached ${p.value} (critical level ${p.threshold}). Agents' SIP phones still ring. Contact the platform to have it lifted.` }),
  },
  low_balance: {
    required: ['balanceLi', 'thresholdLi'],
    'zh-CN': (p) => ({ subject: '余额不足提醒', body: `【${p.brand}】余额不足提醒：账户余额 ${p.balanceLi} 元，已低于提醒额度 ${p.thresholdLi} 元，请及时充值以免影响来电接听。` }),
    en: (p) => ({ subject: 'Low balance', body: `[${p.brand}] Low balance: your account holds CNY ${p.balanceLi}, below the alert level of CNY ${p.thresholdLi}. Please top up to keep calls flowing.` }),
  },
  cap_warning: {
    required: ['number400', 'capKind', 'percent', 'used', 'limit'],
    'zh-CN': (p) => ({ subject: `${p.number400} 本月${p.capKind}已达上限 ${p.percent}%`, body: `【${p.brand}】${p.number400} 本月${p.capKind}已达上限的 ${p.percent}%（${p.used} / ${p.limit}）。` }),
    en: (p) => ({ subject: `${p.number400}: ${p.percent}% of the monthly ${p.capKind} cap`, body: `[${p.brand}] ${p.number400} has used ${p.percent}% of its monthly ${p.capKind} cap (${p.used} / ${p.limit}).` }),
  },
  cap_reached: {
    required: ['number400', 'capKind', 'limit'],
    'zh-CN': (p) => ({ subject: `${p.number400} 本月${p.capKind}已达上限`, body: `【${p.brand}】${p.number400} 本月${p.capKind}已达上限（${p.limit}），新来电将听到提示后挂断。` }),
    en: (p) => ({ subject: `${p.number400}: monthly ${p.capKind} cap reached`, body: `[${p.brand}] ${p.number400} reached its monthly ${p.capKind} cap (${p.limit}); new callers hear a refusal.` }),
  },
};

export function isTemplateName(name: string): name is TemplateName {
  return Object.hasOwn(TEMPLATES, name);
}

/** Renders a template; a missing parameter or an unknown template is a `NOTIFY_BAD_TEMPLATE` error. */
export function renderTemplate(name: TemplateName, params: TemplateParams, ctx: RenderContext): RenderedMessage {
  const spec = isTemplateName(name) ? TEMPLATES[name] : undefined;
  if (!spec) throw new NotificationError('NOTIFY_BAD_TEMPLATE', `unknown template '${String(name)}'`);
  const missing = spec.required.filter((k) => params[k] === undefined);
  if (missing.length > 0) throw new NotificationError('NOTIFY_BAD_TEMPLATE', `template '${name}' needs ${missing.join(', ')}`);
  const shown: Record<string, string> = { brand: ctx.brand ?? 'Hotline' };
  for (const [k, v] of Object.entries(params)) shown[k] = showParam(k, v, ctx);
  // A spend cap counts li: `used`/`limit` show as money; a call-count cap shows them as they are.
  if (params.capKind === 'spend') {
    for (const k of ['used', 'limit']) {
      const v = params[k];
      if (v !== undefined) shown[k] = ctx.locale === 'zh-CN' ? `${yuan(v)} 元` : `CNY ${yuan(v)}`;
    }
  }
  return spec[ctx.locale](shown);
}

function showParam(key: string, value: string | number, ctx: RenderContext): string {
  if (key === 'at' || key.endsWith('At')) return localMinute(String(value), ctx.timeZone);
  if (key.endsWith('Li')) return yuan(value);
  if (key === 'number400') return display400(String(value));
  if (key === 'caller') return displayCaller(String(value), ctx.locale);
  if (key === 'capKind') return capKind(String(value), ctx.locale);
  return String(value);
}

/** `2026-11-22 16:00` in `timeZone` (unknown zone → Asia/Shanghai). */
export function localMinute(iso: string, timeZone: string): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) throw new NotificationError('NOTIFY_BAD_TEMPLATE', `'${iso.slice(0, 40)}' is not a timestamp`);
  let fmt: Intl.DateTimeFormat;
  try {
    fmt = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
  } catch {
    fmt = new Intl.DateTimeFormat('en-US', { timeZone: 'Asia/Shanghai', hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
  }
  const part = (type: string) => fmt.formatToParts(at).find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')}`;
}

/** Integer li → `12.35` yuan, rounded half up to the fen, as text arithmetic on integers. */
export function yuan(li: string | number): string {
  const n = typeof li === 'number' ? li : Number(li);
  if (!Number.isSafeInteger(n)) throw new NotificationError('NOTIFY_BAD_TEMPLATE', `'${String(li)}' is not an integer amount of li`);
  const sign = n < 0 ? '-' : '';
  const fen = Math.floor((Math.abs(n) + 5) / 10);
  return `${sign}${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
}

/** `4006123456` → `400-612-3456`, the way the numbers are printed on signs. */
export function display400(n: string): string {
  const m = /^(400)(\d{3})(\d{4})$/.exec(n);
  return m ? `${m[1]}-${m[2]}-${m[3]}` : n;
}

/** A Chinese caller in national digits (`13912345678`, `02512345678`); others in E.164. */
export function displayCaller(raw: string, locale: NotificationLocale): string {
  if (raw === '' || /^anonymous$/i.test(raw)) return locale === 'zh-CN' ? '未知号码' : 'unknown number';
  const e164 = toE164(raw);
  return e164 === undefined ? raw : nationalForm(e164);
}

function capKind(kind: string, locale: NotificationLocale): string {
  if (kind === 'spend') return locale === 'zh-CN' ? '话费' : 'spend';
  if (kind === 'calls') return locale === 'zh-CN' ? '呼入次数' : 'call count';
  return kind;
}
