/** What the wallboard's parts share: the big screen's look and the clocks' arithmetic. */
import styles from './wallboard.module.css';

/** The big screen's cards and tables are large and dark; the page's are compact. */
export const cardLook = (tv: boolean) => ({ size: tv ? ('default' as const) : ('small' as const), className: tv ? styles.tvCard : undefined });
export const tableLook = (tv: boolean) => ({ size: tv ? ('large' as const) : ('small' as const), pagination: false as const, className: tv ? styles.tvTable : undefined });

export const secondsSince = (iso: string, now: number) => Math.max(0, Math.floor((now - Date.parse(iso)) / 1000));
