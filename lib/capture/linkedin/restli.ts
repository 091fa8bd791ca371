import { asArray, asObject, text } from '../parse';

/**
 * Reading LinkedIn's Rest.li and GraphQL answers: action results in their three shapes, the
 * normalised `included` list, AttributedText, and GraphQL query families.
 */

/** The rest.li action result: `value`, `data.value`, or normalised `data["*value"]` resolved in `included`. */
export function actionValue(response: unknown): Record<string, unknown> | undefined {
  const root = asObject(response);
  if (!root) return undefined;
  const data = asObject(root.data);
  const direct = asObject(root.value) ?? asObject(data?.value);
  if (direct) return direct;
  const reference = text(data?.['*value']) ?? text(root['*value']);
  if (!reference) return undefined;
  return includedEntity(root, reference) ?? { entityUrn: reference };
}

export function includedEntity(root: Record<string, unknown>, urn: string): Record<string, unknown> | undefined {
  for (const item of asArray(root.included)) {
    const entity = asObject(item);
    if (entity && entity.entityUrn === urn) return entity;
  }
  return undefined;
}

/** "First Last" of an entity in `included`, cut to the recipient name limit. */
export function nameFromIncluded(response: unknown, urn: string): string | undefined {
  const root = asObject(response);
  const entity = root ? includedEntity(root, urn) : undefined;
  const name = [textOf(entity?.firstName), textOf(entity?.lastName)].filter(Boolean).join(' ');
  return name ? name.slice(0, 300) : undefined;
}

export function hasGraphqlErrors(response: unknown): boolean {
  const root = asObject(response);
  return asArray(root?.errors).length > 0 || asArray(asObject(root?.data)?.errors).length > 0;
}

/** A plain string or an AttributedText `{text}`. */
export function textOf(value: unknown): string | undefined {
  return text(value) ?? text(asObject(value)?.text);
}

/** The first value of an object, when it is an object (a union member such as `{"com.linkedin…MessageCreate": {…}}`). */
export function firstObject(value: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  return value ? asObject(Object.values(value)[0]) : undefined;
}

/** The GraphQL query family: the part of `queryId` before its hash. */
export function queryFamily(url: URL): string | undefined {
  return text(url.searchParams.get('queryId'))?.split('.')[0];
}
