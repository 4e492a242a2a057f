/**
 * A published program's or lesson's changes waiting to be published (what differs from what the public sees), and its
 * version history with who changed what, each restorable. Editors' pages place it beside their form.
 */
export function Revisions(_props: { kind: "program" | "lesson"; id: string }) {
  return null;
}
