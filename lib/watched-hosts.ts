/**
 * Hosts whose pages the capture scripts watch. Host permissions and the content scripts'
 * `matches` are exactly these. Its own module so that content scripts can import it without
 * pulling in the build config.
 */
export const WATCHED_HOSTS = [
  'https://mail.google.com/*',
  'https://outlook.live.com/*',
  'https://outlook.office.com/*',
  'https://outlook.office365.com/*',
  'https://outlook.cloud.microsoft/*',
  'https://mail.yahoo.com/*',
  'https://www.linkedin.com/*',
];
