/** What a browser shows when the token is missing or no longer valid (e.g. after the server restarted with a new one). */

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function refusalPage(status: 401 | 403): string {
  const title = status === 401 ? 'Escape Studio needs its access link' : 'This access link is no longer valid';
  const why =
    status === 401
      ? 'This page was opened without the studio’s access token.'
      : 'The token in this link or in the browser’s cookie is not the one the studio uses now — usually because the studio was started with --new-token since, or the link is from another studio.';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>
<body>
<h1>${escapeHtml(title)}</h1>
<p>${escapeHtml(why)}</p>
<p>To reconnect, open the URL that <code>escape-studio serve</code> printed in its terminal
(<code>Escape Studio is serving at http://…/?token=…</code>). The token stays the same across
restarts of the same workspace, so a link you opened before keeps working.</p>
</body></html>
`;
}
