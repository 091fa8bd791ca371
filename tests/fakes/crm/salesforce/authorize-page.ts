/**
 * The org's authorize page as the browser's auth window (identity.launchWebAuthFlow) shows it: GET
 * draws an "Allow" form, as Salesforce's consent page does once the rep is logged in; its POST
 * answers 302 to the extension's redirect URL with the code (FakeSalesforce.authorizeRedirect).
 * Undefined for any other request: the org's API answers those.
 */
export function authorizePage(
  org: { accountUserName: string; authorizeRedirect(url: string): string },
  method: string,
  url: string,
): { status: number; headers: Record<string, string>; body: string } | undefined {
  if (new URL(url).pathname !== '/services/oauth2/authorize') return undefined;
  if (method === 'POST') return { status: 302, headers: { location: org.authorizeRedirect(url) }, body: '' };
  const action = url.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
  const body = `<!doctype html><html><head><title>Allow Access? | Salesforce</title></head><body>
<h1>Allow Access?</h1><p>Quota Radar is asking to access your data in ${org.accountUserName}'s org.</p>
<form method="post" action="${action}"><button type="submit" id="oaapprove">Allow</button></form></body></html>`;
  return { status: 200, headers: { 'content-type': 'text/html;charset=UTF-8' }, body };
}
