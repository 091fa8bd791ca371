import type { ReactNode } from 'react';
import type { ConnectionMessage } from './useConnection';

/** One field the rep pastes into (a key, a token, a domain, an address). */
export interface ConnectionField {
  name: string;
  label: ReactNode;
  /** Shown as dots while typed, masked once kept. */
  secret: boolean;
  type?: 'text' | 'password' | 'email' | 'url';
  placeholder?: string;
  /** Beside the label (" (optional)"). */
  note?: ReactNode;
  /** Under the field (where to find it). */
  help?: ReactNode;
  testId: string;
}

/**
 * How the rep connects: fields to paste into and a Connect button, or a sign-in on the vendor's own
 * page (OAuth), whose component brings its own button and tells the background itself.
 */
export type ConnectionInput =
  | { kind: 'fields'; fields: readonly ConnectionField[]; submit: { label: ReactNode; testId: string } }
  | { kind: 'oauth'; signIn: ReactNode };

export interface ConnectionFormProps {
  testId: string;
  className?: string;
  input: ConnectionInput;
  values: Readonly<Record<string, string>>;
  onValues: (values: Record<string, string>) => void;
  /** Called on Connect with what was typed. */
  onSubmit: () => void;
  busy: boolean;
  /** Above the fields (where the rep finds what to paste, which service). */
  before?: ReactNode;
  /** Under the fields (where the key is kept, which host is asked for). */
  after?: ReactNode;
  /** The last answer, under the button; a surface that shows it elsewhere leaves it out. */
  message?: ConnectionMessage & { testId?: string };
}

/**
 * The one connect form: Capture's phone systems and calendars, Options → CRM, the manager's team
 * board. The surfaces differ only in their fields, their words and what they say around them.
 */
export function ConnectionForm({
  testId,
  className,
  input,
  values,
  onValues,
  onSubmit,
  busy,
  before,
  after,
  message,
}: ConnectionFormProps) {
  return (
    <form
      className={className}
      data-testid={testId}
      onSubmit={(e) => {
        e.preventDefault();
        if (!busy) onSubmit();
      }}
    >
      {before}
      {input.kind === 'oauth'
        ? input.signIn
        : input.fields.map((field) => (
            <label key={field.name}>
              {field.label}
              {field.note}
              <input
                type={field.type ?? (field.secret ? 'password' : 'text')}
                autoComplete="off"
                spellCheck={false}
                placeholder={field.placeholder}
                value={values[field.name] ?? ''}
                onChange={(e) => onValues({ ...values, [field.name]: e.target.value })}
                data-testid={field.testId}
              />
              {field.help}
            </label>
          ))}
      {after}
      {input.kind === 'fields' && (
        <button type="submit" disabled={busy} data-testid={input.submit.testId}>
          {input.submit.label}
        </button>
      )}
      {message && <MessageLine message={message} />}
    </form>
  );
}

/** An action's answer: a success as a status line, a failure as an alert. */
export function MessageLine({ message }: { message: ConnectionMessage & { testId?: string } }) {
  return (
    <p role={message.ok ? 'status' : 'alert'} className={message.ok ? 'hint' : 'error'} data-testid={message.testId}>
      {message.text}
    </p>
  );
}
