import type { CaptureSource } from '../capture-source';
import type { WatchRule } from '../watch-rules';

/**
 * VK (vk.com, web.vk.me). Messages: the older messenger's XHR `POST /al_im.php?act=a_send` (form
 * field `msg`, peer in `to`), the write box's `/al_mail.php?act=a_send` and `/al_im.php` with
 * `act=a_send_box` in the body (`to_ids`, `message`, `chas`, `from=box`), and the API method
 * `messages.send` that the newer messenger calls on api.vk.com (from vk.com) and api.vk.me (from
 * web.vk.me). Social touches: likes (`likes.add`/`likes.delete`, `like.php`/`al_like.php`
 * `act=a_do_like`/`a_do_unlike`) and comments (`wall.createComment`/`wall.deleteComment`,
 * `al_wall.php` `act=post` with `reply_to` / `act=delete`).
 */
/** The pages the capture scripts run on: the API hosts above are only requested from these. */
export const VK_PAGE_HOSTS: readonly string[] = ['vk.com', 'web.vk.me'];

export const VK_API_HOSTS: readonly string[] = ['api.vk.com', 'api.vk.me'];
// notifications.get: who engaged with the rep's wall posts (issue 15, point 4; see engagement.ts).
export const VK_API_METHOD_PATH = /^\/method\/(messages\.send|likes\.(add|delete)|wall\.(createComment|deleteComment)|notifications\.get)$/;

export const vkRules: readonly WatchRule[] = [
  { hosts: VK_API_HOSTS, path: VK_API_METHOD_PATH, methods: ['POST', 'GET'] },
  { hosts: ['vk.com'], path: /^\/al_(im|mail)\.php$/, query: /(^|&)act=a_send(_box)?(&|$)/, methods: ['POST'] },
  // The older client's ajax.post puts `act` in the body only (the write box's a_send_box): a bare al_im.php.
  { hosts: ['vk.com'], path: /^\/al_im\.php$/, query: /^$/, methods: ['POST'] },
  { hosts: ['vk.com'], path: /^\/(al_)?like\.php$/, query: /(^|&)act=a_do_(un)?like(&|$)/, methods: ['POST'] },
  { hosts: ['vk.com'], path: /^\/al_wall\.php$/, query: /(^|&)act=(post|delete)(&|$)/, methods: ['POST'] },
];

/** The page side (what the tap bundles, the relay and the manifest read): rules only, no detector. */
export const page: CaptureSource = { rules: vkRules, pages: VK_PAGE_HOSTS };
