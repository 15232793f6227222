/**
 * A scoring form and how a filled-in form becomes a score (pure). Each item has a weight (its full
 * points); a reviewer gives 0..weight points per item. A fatal item (e.g. leaking a customer's data)
 * is pass/fail: failing it makes the whole score 0, whatever the rest. An item with
 * `commentRequired` needs a comment whenever it did not get full points (or failed), so every lost
 * point is explained to the agent.
 */
import { QualityError } from './quality-error.ts';

export interface FormItem {
  id: string;
  label: string;
  /** Full points of the item (fatal items carry no points: they gate the score). */
  weight: number;
  fatal: boolean;
  commentRequired: boolean;
}

export interface Answer {
  itemId: string;
  /** 0..weight for a normal item; for a fatal item 1 = passed, 0 = failed. */
  points: number;
  comment?: string;
}

/** An answer as kept on the review: the item as it was when scored. */
export interface ScoredItem extends FormItem {
  points: number;
  comment: string | null;
}

export interface ScoreResult {
  /** 0..100, whole. */
  score: number;
  fatal: boolean;
  items: ScoredItem[];
}

export const MAX_ITEMS = 50;
export const MAX_WEIGHT = 100;

/** Checks a form's items (ids unique, weights, at least one scored item); throws INVALID_FORM. */
export function checkFormItems(items: readonly FormItem[]): void {
  if (items.length === 0 || items.length > MAX_ITEMS) throw new QualityError('INVALID_FORM', `a form has 1-${MAX_ITEMS} items`);
  const ids = new Set<string>();
  for (const it of items) {
    if (ids.has(it.id)) throw new QualityError('INVALID_FORM', `item id ${it.id} appears twice`);
    ids.add(it.id);
    if (!it.fatal && (!Number.isInteger(it.weight) || it.weight < 1 || it.weight > MAX_WEIGHT)) throw new QualityError('INVALID_FORM', `item ${it.id}: weight must be a whole number 1-${MAX_WEIGHT}`);
  }
  if (!items.some((it) => !it.fatal)) throw new QualityError('INVALID_FORM', 'a form needs at least one item that is not fatal');
}

/** The score of `answers` against `items`: every item answered once, points in range, required comments given. */
export function scoreAnswers(items: readonly FormItem[], answers: readonly Answer[]): ScoreResult {
  const byId = new Map(answers.map((a) => [a.itemId, a]));
  if (byId.size !== answers.length) throw new QualityError('INVALID_SCORE', 'an item is answered twice');
  for (const a of answers) if (!items.some((it) => it.id === a.itemId)) throw new QualityError('INVALID_SCORE', `no item ${a.itemId} on this form`);
  let fatal = false;
  let got = 0;
  let full = 0;
  const scored: ScoredItem[] = items.map((it) => {
    const a = byId.get(it.id);
    if (!a) throw new QualityError('INVALID_SCORE', `item ${it.id} (${it.label}) is not answered`, { itemId: it.id });
    const comment = a.comment?.trim() ? a.comment.trim() : null;
    if (it.fatal) {
      if (a.points !== 0 && a.points !== 1) throw new QualityError('INVALID_SCORE', `fatal item ${it.id}: 1 = passed, 0 = failed`, { itemId: it.id });
      if (a.points === 0) fatal = true;
    } else {
      if (!Number.isInteger(a.points) || a.points < 0 || a.points > it.weight) throw new QualityError('INVALID_SCORE', `item ${it.id}: points must be 0-${it.weight}`, { itemId: it.id });
      got += a.points;
      full += it.weight;
    }
    const lost = it.fatal ? a.points === 0 : a.points < it.weight;
    if (it.commentRequired && lost && comment === null) throw new QualityError('INVALID_SCORE', `item ${it.id} (${it.label}) needs a comment`, { itemId: it.id });
    return { ...it, points: a.points, comment };
  });
  return { score: fatal ? 0 : Math.round((got * 100) / full), fatal, items: scored };
}
