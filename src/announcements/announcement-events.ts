/** The event an announcement's publication puts on the bus (docs/events.md): its recipients' feeds show it at once. */
export interface AnnouncementPublished {
  type: 'announcement.published';
  tenantId: string;
  announcementId: string;
  title: string;
  /** The users it was published to (an agent's feed shows it only when they are one of them). */
  recipientUserIds: string[];
}

export type AnnouncementEvent = AnnouncementPublished;
export const ANNOUNCEMENT_EVENT_TYPES: readonly AnnouncementEvent['type'][] = ['announcement.published'];
