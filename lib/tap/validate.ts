import type { Observation } from '../capture/types';

/**
 * A minimal hand check of the Observation shape for the relay, which must stay small (zod
 * would add tens of kB to a script injected into every frame). It mirrors the schema's types
 * and limits; the background parses again with the full schema.
 */

/** A plain object, as JSON.parse makes them (a Date or a Map is an object, but not a record). */
const isObject = (v: unknown): v is Record<string, unknown> => {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
};
const isText = (v: unknown, max: number): v is string => typeof v === 'string' && v.length <= max;
const isBody = (v: unknown): boolean => v === null || isText(v, 20_000_000);
const isInt = (v: unknown, min: number, max: number): boolean => Number.isSafeInteger(v) && (v as number) >= min && (v as number) <= max;

export function isObservation(value: unknown): value is Observation {
  if (!isObject(value) || !isObject(value.request) || !isObject(value.response)) return false;
  const { request, response } = value;
  const headers = request.headers;
  return (
    isText(value.pageUrl, 4000) &&
    isText(request.method, 16) &&
    isText(request.url, 8000) &&
    isObject(headers) &&
    Object.values(headers).every((h) => isText(h, 100_000)) &&
    isBody(request.body) &&
    isInt(response.status, 0, 999) &&
    isBody(response.body) &&
    isInt(value.startedAt, 0, Number.MAX_SAFE_INTEGER)
  );
}
