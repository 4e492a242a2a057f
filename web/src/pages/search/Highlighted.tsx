import type { ReactNode } from "react";

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

/** The text of escaped HTML: `&lt;b&gt; &amp; &#39;` → `<b> & '`. An entity it does not know stays as it is. */
function unescapeHtml(html: string): string {
  return html.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (entity, name: string) => {
    if (name[0] !== "#") return ENTITIES[name.toLowerCase()] ?? entity;
    const code = name[1] === "x" || name[1] === "X" ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
    return Number.isInteger(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : entity;
  });
}

/**
 * The API's highlight (escaped text with `<mark>`…`</mark>` around each matched word) as React elements: the text
 * between the marks is unescaped and handed to React as text, so nothing in it can ever become markup, whatever
 * the API sends; only `<mark>` becomes an element. (No dangerouslySetInnerHTML: a bug in the API's escaping would
 * then be a script on the page.)
 *
 * @example
 * <Highlighted html={"Telugu &amp; <mark>Grammar</mark>"} />  // Telugu & <mark>Grammar</mark>
 */
export function Highlighted({ html }: { html: string }) {
  const parts: ReactNode[] = [];
  let marked = false;
  for (const [index, piece] of html.split(/(<mark>|<\/mark>)/).entries()) {
    if (piece === "<mark>" || piece === "</mark>") marked = piece === "<mark>";
    else if (piece) parts.push(marked ? <mark key={index}>{unescapeHtml(piece)}</mark> : unescapeHtml(piece));
  }
  return <>{parts}</>;
}
