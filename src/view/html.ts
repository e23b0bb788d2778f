import { createHash } from 'node:crypto';

/**
 * The pieces every page is made safely of: text from the data is always
 * escaped before it enters markup, data for the script travels as JSON that
 * cannot close its `<script>` element, and the page's Content-Security-Policy
 * allows only its own inline script and style (by hash) and no load from
 * anywhere.
 */

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text for an element's content or a quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

/**
 * JSON for a `<script type="application/json">` element: `<` (so no
 * `</script>` or `<!--` can appear), `>` and `&` as \u escapes, which
 * JSON.parse reads back as the same characters.
 */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

const hash = (source: string): string => `'sha256-${createHash('sha256').update(source, 'utf8').digest('base64')}'`;

/**
 * A policy for a page that loads nothing: no fetch, image, font, frame or
 * form target, no base URL; scripts and styles only the inline ones given,
 * each allowed by its hash.
 */
export function contentSecurityPolicy(inline: { scripts?: readonly string[]; styles?: readonly string[] }): string {
  const sources = (list: readonly string[] | undefined): string => (list && list.length > 0 ? list.map(hash).join(' ') : "'none'");
  return [
    "default-src 'none'",
    `script-src ${sources(inline.scripts)}`,
    `style-src ${sources(inline.styles)}`,
    "img-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

/** A whole page: the policy first, then the title, style, body and scripts given (already escaped). */
export function htmlPage(page: { title: string; style: string; body: string; script?: string; data?: string }): string {
  const csp = contentSecurityPolicy({ scripts: page.script === undefined ? [] : [page.script], styles: [page.style] });
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(page.title)}</title>
<style>${page.style}</style>
</head>
<body>
${page.body}
${page.data === undefined ? '' : `<script type="application/json" id="trace-data">${page.data}</script>\n`}${page.script === undefined ? '' : `<script>${page.script}</script>\n`}</body>
</html>
`;
}
