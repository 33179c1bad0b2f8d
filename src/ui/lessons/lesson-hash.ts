/**
 * Deep links to a lesson step: `#/lesson/<id>/<step>` (step counted from 1). Share links (`#/s/…`)
 * and compares (`#/c/…`) are other hashes: this module reads and writes only its own.
 */
const PREFIX = "#/lesson/";

export interface LessonLink {
  readonly id: string;
  /** 0-based. */
  readonly step: number;
}

export function isLessonHash(hash: string): boolean {
  return hash.startsWith(PREFIX);
}

/** The lesson and step a hash names; a missing or bad step number means the first step. */
export function parseLessonHash(hash: string): LessonLink | undefined {
  if (!isLessonHash(hash)) return undefined;
  const [id = "", step = "1"] = decodeURIComponent(hash.slice(PREFIX.length)).split("/");
  if (!/^[a-z0-9][a-z0-9-]*$/.test(id)) return undefined;
  const n = Number(step);
  return { id, step: Number.isInteger(n) && n >= 1 ? n - 1 : 0 };
}

export function lessonHash(link: LessonLink): string {
  return `${PREFIX}${link.id}/${link.step + 1}`;
}
