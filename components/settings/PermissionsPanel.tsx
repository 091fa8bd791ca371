import { useEffect, useState } from 'react';
import { browser } from 'wxt/browser';
import { API_SOURCE_IDS, type ApiSourceId, apiSource } from '@/lib/capture/api-sources';
import { HOOK_SOURCES } from '@/lib/capture/hook-sources';
import { CRM_DESCRIPTORS } from '@/lib/crm/registry';
import { CRM_IDS, type CrmId } from '@/lib/crm/types';
import { t } from '@/lib/i18n';
import { send } from '@/lib/messaging';
import { errorText } from '../errorText';
import { useRequest } from '../useRequest';
import { useConnectorsVersion } from './ConnectorsPanel';

const PHONE_LINK = HOOK_SOURCES['phone-link'];

interface Optional {
  key: string;
  label: string;
  why: string;
  origins: readonly string[];
  permissions: readonly string[];
  /** Gives it back, with whatever needs it turned off first. */
  revoke(): Promise<void>;
}

/** Whether a granted origin falls under a manifest match pattern (`https://*.bitrix24.ru/*`). */
export function underPattern(pattern: string, origin: string): boolean {
  const source = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('[^/]*');
  // A trailing path wildcard covers any path; the host wildcard stays inside the host.
  return new RegExp(`^${source.replace(/\[\^\/\]\*$/, '.*')}$`).test(origin);
}

/** The CRM hosts granted now, per CRM (the rep's sync and the manager's board ask for them at connect). */
function crmPermissions(grantedOrigins: readonly string[]): Optional[] {
  return CRM_IDS.flatMap((id: CrmId) => {
    const descriptor = CRM_DESCRIPTORS[id];
    // The CRM's own domains; not the every-site pattern (Bitrix24's self-hosted portals), which would claim any host.
    const patterns = descriptor.allOrigins.filter((pattern) => !pattern.startsWith('https://*/'));
    const mine = grantedOrigins.filter((origin) => patterns.some((pattern) => underPattern(pattern, origin)));
    if (!mine.length) return [];
    return [
      {
        key: `crm-${id}`,
        label: mine.map((origin) => origin.replace('/*', '')).join(', '),
        why: t('permissionWhyCrm', descriptor.label),
        origins: mine,
        permissions: [],
        // The sync and the board on this CRM stop first: neither is left running without its host.
        revoke: async () => {
          await send({ type: 'crm/disconnect', crm: id });
          const board = await send({ type: 'team/status' });
          if (board.crm === id) await send({ type: 'team/disconnect' });
          await browser.permissions.remove({ origins: mine });
        },
      },
    ];
  });
}

function optionalPermissions(grantedOrigins: readonly string[] = [], connectedOrigins: ReadonlyMap<string, string>): Optional[] {
  // A source whose host is what the rep pasted (a calendar feed) lists the host it was connected with, once connected.
  const originOf = (id: ApiSourceId) => (apiSource(id).originOf ? connectedOrigins.get(id) : apiSource(id).origin);
  return [
    ...crmPermissions(grantedOrigins),
    ...API_SOURCE_IDS.flatMap((id: ApiSourceId) => {
      const origin = originOf(id);
      return origin ? [{ id, origin }] : [];
    }).map(({ id, origin }) => ({
      key: id,
      label: origin.replace('/*', ''),
      why: t('permissionWhyApi', t(`channel_${id}`)),
      origins: [origin],
      permissions: [],
      // Disconnecting forgets the key and gives the host back.
      revoke: async () => void (await send({ type: 'connectors/disconnect', id })),
    })),
    {
      key: 'phone-link',
      label: t('permissionAllSites'),
      why: t('permissionWhyPhoneLinks'),
      origins: PHONE_LINK.origins,
      permissions: PHONE_LINK.permissions,
      revoke: async () => {
        await send({ type: 'phone-links/set', setting: { enabled: false } });
        await browser.permissions.remove({ origins: [...PHONE_LINK.origins], permissions: [...PHONE_LINK.permissions] as never });
      },
    },
  ];
}

/**
 * What the extension may do and why: what it was given at install (its own storage, alarms,
 * notifications, the mail and LinkedIn sites it counts on), and what was granted later for a
 * source the rep turned on, each with a way to give it back.
 */
export function PermissionsPanel() {
  const version = useConnectorsVersion();
  const [granted, setGranted] = useState<Record<string, boolean>>({});
  const [error, setError] = useState<string>();
  const [reloads, setReloads] = useState(0);
  const [grantedOrigins, setGrantedOrigins] = useState<string[]>([]);
  const overview = useRequest(() => send({ type: 'connectors/status' }), [version]);
  const connectedOrigins = new Map((overview.data?.connectors ?? []).flatMap((c) => (c.origin ? [[c.id, c.origin] as const] : [])));
  const items = optionalPermissions(grantedOrigins, connectedOrigins);

  useEffect(() => {
    let live = true;
    // A browser that cannot answer (a throw or a rejection) lists no CRM host.
    void Promise.resolve()
      .then(() => browser.permissions.getAll())
      .then(
        (all) => live && setGrantedOrigins(all.origins ?? []),
        () => undefined,
      );
    return () => {
      live = false;
    };
  }, [version, reloads]);

  useEffect(() => {
    let live = true;
    void Promise.all(
      items.map(async (item) => {
        try {
          return [
            item.key,
            await browser.permissions.contains({ origins: [...item.origins], permissions: [...item.permissions] as never }),
          ] as const;
        } catch {
          // A browser that cannot answer (or a permission it does not know) reads as not granted.
          return [item.key, false] as const;
        }
      }),
    ).then((entries) => {
      if (live) setGranted(Object.fromEntries(entries));
    });
    return () => {
      live = false;
    };
  }, [version, reloads, grantedOrigins]);

  const given = items.filter((item) => granted[item.key]);
  return (
    <div className="permissions" data-testid="permissions">
      <h3>{t('permissionsTitle')}</h3>
      <p className="hint">{t('permissionsInstall')}</p>
      {given.length === 0 ? (
        <p className="hint">{t('permissionsNoneOptional')}</p>
      ) : (
        <ul>
          {given.map((item) => (
            <li key={item.key} data-testid={`permission-${item.key}`}>
              <strong>{item.label}</strong> <span className="hint">{item.why}</span>{' '}
              <button
                type="button"
                className="link"
                onClick={() =>
                  void item
                    .revoke()
                    .then(
                      () => setError(undefined),
                      (e: unknown) => setError(errorText(e)),
                    )
                    .finally(() => setReloads((n) => n + 1))
                }
                data-testid={`revoke-${item.key}`}
              >
                {t('permissionRevoke')}
              </button>
            </li>
          ))}
        </ul>
      )}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </div>
  );
}
