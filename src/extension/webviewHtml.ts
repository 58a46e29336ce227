// The webview's page: a shell that loads the one bundled script (nonce) and its stylesheet; everything else is
// built by the script. Strict CSP: nothing inline, resources only from the webview's own origin.
import { htmlDocument } from '../shared/htmlDocument';

export interface WebviewHtmlInput {
  cspSource: string;
  nonce: string;
  scriptUri: string;
  styleUri: string;
}

export function webviewHtml({ cspSource, nonce, scriptUri, styleUri }: WebviewHtmlInput): string {
  const csp = [`default-src 'none'`, `script-src 'nonce-${nonce}'`, `style-src ${cspSource}`, `img-src ${cspSource} data:`, `font-src ${cspSource}`].join('; ');
  return htmlDocument({
    csp, title: 'Reclaim Replay', head: `<link rel="stylesheet" href="${styleUri}">`,
    body: `<script nonce="${nonce}" src="${scriptUri}"></script>`,
  });
}

/** 32 random base64url characters from a CSPRNG. */
export function makeNonce(random: (bytes: Uint8Array) => Uint8Array): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  return Array.from(random(new Uint8Array(32)), (b) => alphabet[b & 63]).join('');
}
