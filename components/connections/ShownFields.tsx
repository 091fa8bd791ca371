import type { ShownField } from '@/lib/connections';

/** A connection's kept fields as the page may see them: secrets already masked by the background. */
export function ShownFields({
  fields,
  label,
  testId,
}: {
  fields: readonly ShownField[];
  label: (name: string) => string;
  testId: (name: string) => string;
}) {
  return (
    <dl className="connector-fields">
      {fields.map((field) => (
        <div key={field.name}>
          <dt>{label(field.name)}</dt>
          <dd data-testid={testId(field.name)}>{field.value}</dd>
        </div>
      ))}
    </dl>
  );
}
