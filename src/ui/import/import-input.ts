/**
 * What the Import button, the paste box and a drop hand over: a scenario file (the session's own
 * export, loaded as before) or what a machine printed (imported, read-only). A scenario is told by
 * its JSON: an object naming the format, or any JSON object (whose errors the scenario path explains).
 */
export interface InputFile {
  readonly name: string;
  readonly text: string;
}

export type ImportRoute =
  | { readonly kind: "scenario"; readonly file: InputFile }
  | { readonly kind: "dump"; readonly files: readonly InputFile[] };

/** A text that is meant as a scenario: JSON that opens with an object (a dump never does). */
export function isScenarioText(text: string): boolean {
  const t = text.replace(/^\uFEFF/, "").trimStart();
  if (!t.startsWith("{")) return false;
  // A pasted dump can start with "{" only as a Python dict or a literal: those name no scenario format.
  return (
    /"format"\s*:\s*"irqscope-scenario"/.test(t.slice(0, 4000)) ||
    /^\{\s*"(format|version|machine|title|steps)"/.test(t)
  );
}

/** One scenario file goes the scenario way; anything else (several files, text) is a machine's dump. */
export function routeInput(files: readonly InputFile[]): ImportRoute {
  const [only] = files;
  if (files.length === 1 && only && isScenarioText(only.text)) return { kind: "scenario", file: only };
  return { kind: "dump", files };
}

/** The label an import is reported under: one file's name, or how many. */
export function inputLabel(files: readonly InputFile[]): string {
  return files.length === 1 ? (files[0]?.name ?? "paste") : `${files.length} files`;
}

/** Reads dropped or picked files as text (a picture decodes to replacement characters, which the importer refuses). */
export async function readFiles(list: FileList | readonly File[]): Promise<InputFile[]> {
  return Promise.all([...list].map(async (f) => ({ name: f.name, text: await f.text() })));
}
