/** mloop tags that become the W&B run's notes instead of a W&B tag. */
const NOTE_TAGS = ['notes', 'mlflow.note.content', 'wandb.notes'] as const;
const NOTE_TAG_SET: ReadonlySet<string> = new Set(NOTE_TAGS);

/** The W&B tag of one mloop tag: `key` for an empty value, else `key:value`, at most 64 characters; undefined for a notes tag. */
export function wandbTag(key: string, value: string): string | undefined {
  if (NOTE_TAG_SET.has(key)) return undefined;
  return (value === '' ? key : `${key}:${value}`).slice(0, 64);
}

/** W&B tags from mloop's key/value tags (see {@link wandbTag}). */
export function wandbTags(tags: ReadonlyMap<string, string>): string[] {
  const out: string[] = [];
  for (const [key, value] of tags) {
    const tag = wandbTag(key, value);
    if (tag !== undefined) out.push(tag);
  }
  return out;
}

/** The W&B notes from mloop's tags: the first notes tag present, else null. */
export function notesOf(tags: ReadonlyMap<string, string>): string | null {
  for (const key of NOTE_TAGS) {
    const value = tags.get(key);
    if (value !== undefined) return value;
  }
  return null;
}
