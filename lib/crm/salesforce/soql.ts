/**
 * Text that goes into SOQL and SOSL, escaped as Salesforce documents it
 * (https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_select_quotedstringescapes.htm,
 * https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_sosl_find.htm):
 * nothing a contact's email or our activity id holds can end a literal or add a clause.
 */

/** A quoted SOQL string literal. */
export function soqlString(value: string): string {
  const escaped = value.replace(/[\\'"\n\r\t\b\f]/g, (c) => {
    switch (c) {
      case '\n':
        return '\\n';
      case '\r':
        return '\\r';
      case '\t':
        return '\\t';
      case '\b':
        return '\\b';
      case '\f':
        return '\\f';
      default:
        return `\\${c}`;
    }
  });
  return `'${escaped}'`;
}

/** A LIKE pattern's literal part: `%` and `_` match themselves. */
export function soqlLikeLiteral(value: string): string {
  return soqlString(value)
    .slice(1, -1)
    .replace(/[%_]/g, (c) => `\\${c}`);
}

/** A SOSL search term in braces: every reserved character escaped, quoted as one phrase. */
export function soslPhrase(value: string): string {
  const escaped = value.replace(/[?&|!{}[\]()^~*:\\"'+-]/g, (c) => `\\${c}`);
  return `{"${escaped}"}`;
}

/** A SOQL date literal (YYYY-MM-DD, unquoted) of the UTC day of `at`. */
export function soqlDate(at: number): string {
  return new Date(at).toISOString().slice(0, 10);
}

/** The query resource's URL for a SOQL or SOSL text. */
export function queryUrl(data: string, resource: 'query' | 'search', text: string): string {
  return `${data}/${resource}?q=${encodeURIComponent(text).replace(/%20/g, '+')}`;
}
