/**
 * A program's posters or a lesson's thumbnails, one slot per language and variant: a preview of each, and for editors
 * upload, replace and remove. The program and lesson editors place it on their pages.
 */
export function AssetGrid(_props: {
  owner: { kind: "program" | "lesson"; id: string };
  /** The languages the owner is offered in: a slot row for each. */
  languages: string[];
}) {
  return null;
}
