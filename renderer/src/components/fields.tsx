import {
  useId,
  type InputHTMLAttributes,
  type ReactNode,
  type SelectHTMLAttributes,
  type TextareaHTMLAttributes,
} from "react";

interface FieldFrameProps {
  label: string;
  hint?: ReactNode;
  error?: string | null;
}

interface FieldIds {
  id: string;
  describedBy: string | undefined;
  invalid: boolean;
}

/**
 * Renders a labelled field with an optional hint and error, both linked by
 * `aria-describedby`.
 */
function FieldFrame({
  label,
  hint,
  error,
  render,
}: FieldFrameProps & { render: (ids: FieldIds) => ReactNode }) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy =
    [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(" ") ||
    undefined;

  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {render({ id, describedBy, invalid: Boolean(error) })}
      {hint && (
        <p id={hintId} className="hint">
          {hint}
        </p>
      )}
      {error && (
        <p id={errorId} className="field-error">
          {error}
        </p>
      )}
    </div>
  );
}

type InputProps = Omit<
  InputHTMLAttributes<HTMLInputElement>,
  "onChange" | "value"
>;

export function TextField({
  label,
  hint,
  error,
  value,
  onChange,
  ...input
}: FieldFrameProps &
  InputProps & { value: string; onChange: (value: string) => void }) {
  return (
    <FieldFrame
      label={label}
      hint={hint}
      error={error}
      render={({ id, describedBy, invalid }) => (
        <input
          type="text"
          {...input}
          id={id}
          value={value}
          aria-describedby={describedBy}
          aria-invalid={invalid || undefined}
          onChange={(event) => onChange(event.target.value)}
        />
      )}
    />
  );
}

type TextAreaProps = Omit<
  TextareaHTMLAttributes<HTMLTextAreaElement>,
  "onChange" | "value"
>;

export function TextAreaField({
  label,
  hint,
  error,
  value,
  onChange,
  ...textarea
}: FieldFrameProps &
  TextAreaProps & { value: string; onChange: (value: string) => void }) {
  return (
    <FieldFrame
      label={label}
      hint={hint}
      error={error}
      render={({ id, describedBy, invalid }) => (
        <textarea
          {...textarea}
          id={id}
          value={value}
          aria-describedby={describedBy}
          aria-invalid={invalid || undefined}
          onChange={(event) => onChange(event.target.value)}
        />
      )}
    />
  );
}

type SelectProps = Omit<
  SelectHTMLAttributes<HTMLSelectElement>,
  "onChange" | "value"
>;

export function SelectField({
  label,
  hint,
  error,
  value,
  onChange,
  children,
  ...select
}: FieldFrameProps &
  SelectProps & {
    value: string;
    onChange: (value: string) => void;
    children: ReactNode;
  }) {
  return (
    <FieldFrame
      label={label}
      hint={hint}
      error={error}
      render={({ id, describedBy, invalid }) => (
        <select
          {...select}
          id={id}
          value={value}
          aria-describedby={describedBy}
          aria-invalid={invalid || undefined}
          onChange={(event) => onChange(event.target.value)}
        >
          {children}
        </select>
      )}
    />
  );
}

export interface RadioOption<T extends string> {
  value: T;
  label: string;
  hint?: string;
  disabled?: boolean;
}

/** Renders a fieldset of radio buttons whose legend names the choice. */
export function RadioGroup<T extends string>({
  legend,
  name,
  value,
  options,
  onChange,
}: {
  legend: string;
  name: string;
  value: T;
  options: RadioOption<T>[];
  onChange: (value: T) => void;
}) {
  const id = useId();
  return (
    <fieldset className="radio-group">
      <legend>{legend}</legend>
      {options.map((option) => (
        <div className="radio-option" key={option.value}>
          <input
            type="radio"
            id={`${id}-${option.value}`}
            name={`${name}-${id}`}
            value={option.value}
            checked={value === option.value}
            disabled={option.disabled}
            aria-describedby={
              option.hint ? `${id}-${option.value}-hint` : undefined
            }
            onChange={() => onChange(option.value)}
          />
          <label htmlFor={`${id}-${option.value}`}>{option.label}</label>
          {option.hint && (
            <p id={`${id}-${option.value}-hint`} className="hint">
              {option.hint}
            </p>
          )}
        </div>
      ))}
    </fieldset>
  );
}
