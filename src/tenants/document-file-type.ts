/**
 * What an uploaded document really is, read from its first bytes (never from its name or the
 * Content-Type the browser guessed): a PDF, a JPEG or a PNG scan — nothing else is kept.
 */

export const DOCUMENT_FILE_TYPES = ['application/pdf', 'image/jpeg', 'image/png'] as const;
export type DocumentFileType = (typeof DOCUMENT_FILE_TYPES)[number];

/** Largest document file: a 600 dpi colour scan of an A4 page fits well within it. */
export const DOCUMENT_FILE_LIMIT = 10 * 1024 * 1024;

const SIGNATURES: readonly { type: DocumentFileType; magic: readonly number[] }[] = [
  { type: 'application/pdf', magic: [0x25, 0x50, 0x44, 0x46, 0x2d] }, // %PDF-
  { type: 'image/jpeg', magic: [0xff, 0xd8, 0xff] },
  { type: 'image/png', magic: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
];

export function sniffDocumentType(bytes: Uint8Array): DocumentFileType | undefined {
  return SIGNATURES.find((s) => s.magic.length <= bytes.length && s.magic.every((b, i) => bytes[i] === b))?.type;
}

export function documentFileExtension(type: DocumentFileType): string {
  return type === 'application/pdf' ? 'pdf' : type === 'image/jpeg' ? 'jpg' : 'png';
}
