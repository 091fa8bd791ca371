import { z } from 'zod';
import { defineKeys, type KeyedAccess } from '../../registry/merge';
import type { Capture } from '../types';

/** The user's own profile as LinkedIn's messaging requests name it. */
export const LINKEDIN_PROFILE = /^urn:li:fsd_profile:[\w-]+$/;
export const LinkedInSelf = z.string().regex(LINKEDIN_PROFILE);

/** Stored: the user's own profile URN, once a messaging request (or the page's `me` answer) named it. */
export const LINKEDIN_ACCOUNT_KEYS = defineKeys({ linkedinSelf: LinkedInSelf });

/**
 * Only LinkedIn's messaging requests name the user's own profile; invitations, reactions and Sales
 * Navigator arrive as the bare "linkedin" account. The profile learned from the former stands for
 * the latter, so that one person is one account. Remembered in kv across restarts of the worker.
 */
export class LinkedInAccount {
  /** Undefined: not read yet; null: read, none known. */
  private self?: string | null;

  constructor(private readonly kv: KeyedAccess<typeof LINKEDIN_ACCOUNT_KEYS>) {}

  /** The page's `me` answer named the member (see engagement.ts): remembered as if a message had. */
  async remember(profileId: string): Promise<void> {
    if (this.self === profileId) return;
    await this.kv.writeKv('linkedinSelf', profileId);
    this.self = profileId;
  }

  async withLinkedInAccount(capture: Capture): Promise<Capture> {
    if (capture.channel !== 'linkedin' && capture.channel !== 'sales_navigator') return capture;
    if (LINKEDIN_PROFILE.test(capture.account)) {
      if (this.self !== capture.account) {
        await this.kv.writeKv('linkedinSelf', capture.account);
        this.self = capture.account;
      }
      return capture;
    }
    this.self ??= (await this.kv.readKv('linkedinSelf')) ?? null;
    return capture.account === 'linkedin' && this.self ? { ...capture, account: this.self } : capture;
  }
}
