import { useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useEffect, useId, useState } from "react";
import { ApiError } from "../../api/problem";
import form from "../../components/Form.module.css";
import { FormMessage } from "../../components/FormMessage";
import { ConsoleLoadError } from "../../console/ConsoleLoadError";
import { ConsolePage } from "../../console/ConsolePage";
import styles from "../../console/console.module.css";
import { consoleWords } from "../../console/problems";
import { store, storeWrites } from "../../console/store/api";
import { formatDateTime, money } from "../../format";

/** Weights go in hundredths: what a person sets with a slider, and what adds up to exactly 1 in floating point. */
const hundredths = (value: number) => Math.round(value * 100) / 100;

/**
 * `/console/store/recommendations`: how "For You" mixes its two signals (likeness of the products, and being bought
 * by the same customers), as two weights that add up to 1, and a preview of one customer's recommendations.
 */
export default function RecommendationsPage() {
  return (
    <ConsolePage
      title="Recommendations"
      lead="How “For You” ranks products for a customer: likeness to what they bought, and what customers who bought the same things bought too."
    >
      <Weights />
      <Preview />
    </ConsolePage>
  );
}

function Weights() {
  const client = useQueryClient();
  const weights = useQuery(store.weights());
  const [content, setContent] = useState("");
  const [copurchase, setCopurchase] = useState("");
  const [linked, setLinked] = useState(true);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<{ tone: "success" | "error"; words: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const id = useId();

  // The form starts from the weights the store has.
  useEffect(() => {
    if (!weights.data) return;
    setContent(String(weights.data.content));
    setCopurchase(String(weights.data.copurchase));
  }, [weights.data]);

  /** One weight set; with the two linked, the other takes the rest of 1. */
  function setWeight(which: "content" | "copurchase", typed: string) {
    const [set, setOther] = which === "content" ? [setContent, setCopurchase] : [setCopurchase, setContent];
    set(typed);
    const value = Number(typed);
    if (linked && typed.trim() !== "" && Number.isFinite(value) && value >= 0 && value <= 1) {
      setOther(String(hundredths(1 - value)));
    }
  }

  const sum = hundredths(Number(content) + Number(copurchase));
  const sumsToOne = Math.abs(Number(content) + Number(copurchase) - 1) < 1e-9;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setMessage(null);
    setErrors({});
    setBusy(true);
    try {
      const saved = await storeWrites.saveWeights({ content: Number(content), copurchase: Number(copurchase) });
      client.setQueryData(store.weights().queryKey, saved);
      void client.invalidateQueries({ queryKey: ["store", "recommendations"] });
      setMessage({ tone: "success", words: "Saved. Recommendations use the new weights from now on." });
    } catch (error) {
      const fields = error instanceof ApiError ? error.fieldErrors() : {};
      const { content: onContent, copurchase: onCopurchase, ...rest } = fields;
      setErrors({ ...(onContent && { content: onContent }), ...(onCopurchase && { copurchase: onCopurchase }) });
      const others = Object.values(rest);
      setMessage({ tone: "error", words: others.length ? others.join(" ") : consoleWords(error) });
    } finally {
      setBusy(false);
    }
  }

  if (weights.isError) return <ConsoleLoadError error={weights.error} onRetry={() => weights.refetch()} />;
  const contentShare = Math.min(100, Math.max(0, Math.round(Number(content) * 100))) || 0;
  return (
    <form className={styles.panel} onSubmit={submit} noValidate aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Weights</h2>
      {message && <FormMessage tone={message.tone}>{message.words}</FormMessage>}
      <div className={styles.slider}>
        <span className={styles.sliderEnd}>Similar products</span>
        <input
          type="range"
          min={0}
          max={1}
          step={0.05}
          value={Number(content) || 0}
          onChange={(event) => {
            setContent(event.target.value);
            setCopurchase(String(hundredths(1 - Number(event.target.value))));
          }}
          aria-label="Balance between similar products and co-purchases"
          aria-valuetext={`${contentShare}% similar products, ${100 - contentShare}% co-purchases`}
          disabled={!weights.data}
        />
        <span className={styles.sliderEnd}>Bought together</span>
      </div>
      <div className={styles.weightFields}>
        <WeightField
          label="Content similarity"
          hint="Brand and category likeness"
          value={content}
          onChange={(value) => setWeight("content", value)}
          error={errors.content}
        />
        <span className={styles.plus} aria-hidden="true">
          +
        </span>
        <WeightField
          label="Co-purchases"
          hint="Bought by the same customers"
          value={copurchase}
          onChange={(value) => setWeight("copurchase", value)}
          error={errors.copurchase}
        />
        <p className={`${styles.sum} ${sumsToOne ? styles.sumGood : styles.sumBad}`} aria-live="polite">
          = {Number.isFinite(sum) ? sum.toFixed(2) : "?"}
          <span className={styles.sub}>{sumsToOne ? "adds up to 1" : "must add up to 1"}</span>
        </p>
      </div>
      <div className={form.actions}>
        <label className={styles.check}>
          <input type="checkbox" checked={linked} onChange={(event) => setLinked(event.target.checked)} />
          Keep the sum at 1 as I type
        </label>
        <span className={form.spacer} />
        {weights.data?.updated_by && (
          <span className="muted">Last changed {formatDateTime(weights.data.updated_at)}</span>
        )}
        <button type="submit" className="button" disabled={busy || !weights.data}>
          {busy ? "Saving…" : "Save weights"}
        </button>
      </div>
    </form>
  );
}

function WeightField({
  label,
  hint,
  value,
  onChange,
  error,
}: {
  label: string;
  hint: string;
  value: string;
  onChange: (value: string) => void;
  error?: string;
}) {
  const id = useId();
  return (
    <div className={styles.weightField}>
      <label htmlFor={id} className={styles.label}>
        {label}
      </label>
      <span id={`${id}-hint`} className={styles.sub}>
        {hint}
      </span>
      <input
        id={id}
        type="number"
        min={0}
        max={1}
        step={0.05}
        className={styles.control}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={`${id}-hint${error ? ` ${id}-error` : ""}`}
      />
      {error && (
        <p id={`${id}-error`} className={styles.inlineError}>
          <span aria-hidden="true">⚠ </span>
          {error}
        </p>
      )}
    </div>
  );
}

/** One customer's recommendations as the store now ranks them, scores shown. */
function Preview() {
  const customers = useQuery(store.customerChoices());
  const [customerId, setCustomerId] = useState("");
  const recommendations = useQuery({ ...store.recommendations(customerId), enabled: customerId !== "" });
  const id = useId();

  return (
    <section className={styles.panel} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Preview a customer's recommendations</h2>
      <div className={`${styles.filter} ${styles.filterWide}`}>
        <label htmlFor={`${id}-customer`}>Customer</label>
        <select
          id={`${id}-customer`}
          className={styles.control}
          value={customerId}
          onChange={(event) => setCustomerId(event.target.value)}
        >
          <option value="">Choose a customer…</option>
          {customers.data?.data.map((customer) => (
            <option key={customer.id} value={customer.id}>
              {customer.name} ({customer.email})
            </option>
          ))}
        </select>
      </div>
      {recommendations.isError && <ConsoleLoadError error={recommendations.error} />}
      {recommendations.data && (
        <>
          <p className="muted">
            {recommendations.data.strategy === "personal"
              ? "Ranked for this customer from what they bought."
              : "This customer has no orders yet, so they see the best sellers."}
          </p>
          <ol className={styles.recommendations}>
            {recommendations.data.data.map((item) => (
              <li key={item.product.id}>
                <span className={styles.recName}>
                  {item.product.name}
                  <span className={styles.sub}>
                    {item.product.brand} · {money(item.product.price_cents, item.product.currency, { exact: true })} ·{" "}
                    {item.reason}
                  </span>
                </span>
                <span className={styles.scores}>
                  <strong>{item.score.toFixed(2)}</strong>
                  <span className={styles.sub}>
                    similar {item.content_score.toFixed(2)} · together {item.copurchase_score.toFixed(2)}
                  </span>
                </span>
              </li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}
