import { useId } from "react";
import styles from "./QuantityStepper.module.css";

/**
 * A quantity with − and + beside it. `label` names it for assistive technology ("Quantity of Seamaster"); the box
 * takes typing too, kept between 1 and `max`.
 */
export function QuantityStepper({
  value,
  max,
  label,
  onChange,
  disabled,
  invalid,
}: {
  value: number;
  max: number;
  label: string;
  onChange: (quantity: number) => void;
  disabled?: boolean;
  invalid?: boolean;
}) {
  const id = useId();
  const lower = label.charAt(0).toLowerCase() + label.slice(1);
  const set = (next: number) => {
    const clamped = Math.min(Math.max(1, max), Math.max(1, Math.round(next)));
    if (Number.isFinite(clamped) && clamped !== value) onChange(clamped);
  };
  return (
    <div className={styles.stepper} data-invalid={invalid || undefined}>
      <button
        type="button"
        aria-label={`Decrease ${lower}`}
        onClick={() => set(value - 1)}
        disabled={disabled || value <= 1}
      >
        −
      </button>
      <label htmlFor={id} className="visually-hidden">
        {label}
      </label>
      <input
        id={id}
        type="number"
        inputMode="numeric"
        min={1}
        max={max}
        value={value}
        disabled={disabled}
        aria-invalid={invalid || undefined}
        onChange={(event) => event.target.value && set(Number(event.target.value))}
      />
      <button
        type="button"
        aria-label={`Increase ${lower}`}
        onClick={() => set(value + 1)}
        disabled={disabled || value >= max}
      >
        +
      </button>
    </div>
  );
}
