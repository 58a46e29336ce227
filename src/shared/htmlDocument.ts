// The document shell of both pages that show a replay: the webview (assets linked, nonce) and the self-contained
// report (assets inlined, hashes). Each brings its own CSP; both get the same head so they render alike.
export function htmlDocument({ csp, title, head, body }: { csp: string; title: string; head: string; body: string }): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
${head}
</head>
<body>
${body}
</body>
</html>
`;
}
