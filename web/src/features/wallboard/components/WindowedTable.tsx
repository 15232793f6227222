/**
 * A table that mounts only the rows in view (plus a few either side): at 500 agents the wallboard
 * re-rendered every row on every change and the browser's renderer saturated (docs/BENCHMARKS.md).
 * Rows have one fixed height (the CSS keeps each cell to one line), so the rows above and below the
 * window are two spacer rows of the right height and the scroll bar stays true. The caller renders
 * each row (a memoised component keyed by its id): a row whose data did not change is not rendered
 * again.
 */
import { type ReactNode, type UIEvent, useCallback, useState } from 'react';
import styles from './wallboard.module.css';

export interface WindowedColumn {
  key: string;
  title: ReactNode;
  /** CSS width of the column (the table's layout is fixed). */
  width?: string;
}

export interface WindowedTableProps {
  columns: WindowedColumn[];
  /** The rows' ids in display order. */
  keys: readonly string[];
  renderRow(key: string): ReactNode;
  rowHeight: number;
  /** The visible height in px; the table scrolls inside it. */
  height: number;
  tv: boolean;
  empty: ReactNode;
  testId: string;
}

/** Rows mounted beyond the visible ones each side, so a short scroll shows no blank. */
const OVERSCAN = 8;

export function WindowedTable({ columns, keys, renderRow, rowHeight, height, tv, empty, testId }: WindowedTableProps) {
  const [scrollTop, setScrollTop] = useState(0);
  const onScroll = useCallback((e: UIEvent<HTMLDivElement>) => setScrollTop(e.currentTarget.scrollTop), []);
  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - OVERSCAN);
  const last = Math.min(keys.length, Math.ceil((scrollTop + height) / rowHeight) + OVERSCAN);
  const shown = keys.slice(first, last);
  return (
    <div className={`${styles.window} ${tv ? styles.tvWindow : ''}`} style={{ maxHeight: height }} onScroll={onScroll} data-testid={testId} data-rows={keys.length}>
      <table className={styles.grid} style={{ ['--row-height' as string]: `${rowHeight}px` }}>
        <colgroup>
          {columns.map((c) => (
            <col key={c.key} style={c.width ? { width: c.width } : undefined} />
          ))}
        </colgroup>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.key} scope="col">
                {c.title}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {keys.length === 0 ? (
            <tr>
              <td colSpan={columns.length} className={styles.empty}>
                {empty}
              </td>
            </tr>
          ) : null}
          {first > 0 ? <tr aria-hidden className={styles.spacer} style={{ height: first * rowHeight }} /> : null}
          {shown.map(renderRow)}
          {last < keys.length ? <tr aria-hidden className={styles.spacer} style={{ height: (keys.length - last) * rowHeight }} /> : null}
        </tbody>
      </table>
    </div>
  );
}
