import { createDatabase, type Database } from "../../db/client";
import { logError, logInfo, redact } from "../../http/log";
import { nowIso } from "../../time";
import { completeOrder } from "./complete";
import { recordDeadLetter } from "./dead-letters";
import { OrderPlacedMessage } from "./order-message";
import { refreshAfterCompletion } from "./refresh-recommendations";

// The work after a checkout. wrangler.toml binds both queues to this handler: the order queue, whose messages complete
// orders, and its dead-letter queue, where the platform puts a message once it has failed every attempt.

/** The order queue, as wrangler.toml names it. */
export const ORDER_QUEUE = "edge-platform-orders";
/** Its dead-letter queue, as wrangler.toml names it. */
export const ORDER_DEAD_LETTER_QUEUE = "edge-platform-orders-dlq";
/**
 * wrangler.toml's `max_retries` for the order queue: a message is tried once and retried this many times, then
 * dead-lettered. Known here so that the last attempt can note its error for staff (see `handleFailure`).
 */
export const ORDER_QUEUE_MAX_RETRIES = 3;

const FIRST_RETRY_DELAY_SECONDS = 2;
const LONGEST_RETRY_DELAY_SECONDS = 300;

/** How long to wait before the next attempt, doubling from 2 s with each failed attempt (at most 5 minutes). */
export const retryDelaySeconds = (attempts: number): number =>
  Math.min(FIRST_RETRY_DELAY_SECONDS * 2 ** (Math.max(attempts, 1) - 1), LONGEST_RETRY_DELAY_SECONDS);

/** An error as a dead letter keeps it: its message, secrets redacted, at most 1,000 characters. */
const errorText = (error: unknown): string =>
  redact(error instanceof Error ? `${error.name}: ${error.message}` : String(error)).slice(0, 1000);

/** The order queue's consumer and its dead-letter queue's, told apart by the batch's queue. */
export async function handleOrderQueue(batch: MessageBatch, env: Env, _ctx: ExecutionContext): Promise<void> {
  const { db } = createDatabase(env.DB);
  if (batch.queue === ORDER_DEAD_LETTER_QUEUE) {
    await recordDeadLetters(db, batch);
    return;
  }
  // Each message is acked or retried on its own: one failing order does not hold back the others.
  await Promise.all(batch.messages.map((message) => handleOrderMessage(db, batch.queue, message)));
}

/**
 * Completes the order a message names, then refreshes its customer's recommendations. A malformed message, or one
 * naming no order, is acked and logged: no retry would ever make it work. Anything else that fails is retried later.
 */
async function handleOrderMessage(db: Database, queue: string, message: Message): Promise<void> {
  const parsed = OrderPlacedMessage.safeParse(message.body);
  if (!parsed.success) {
    logError("order_message_malformed", new Error(parsed.error.message), { queue, message_id: message.id });
    message.ack();
    return;
  }
  const orderId = parsed.data.order_id;
  try {
    const completion = await completeOrder(db, orderId, nowIso());
    if (completion?.status === "completed" && completion.customerId !== null) {
      // Also on a redelivery of a completed order: the first delivery may have failed here.
      await refreshAfterCompletion(db, completion.customerId);
    }
    logInfo("order_message_done", {
      queue,
      message_id: message.id,
      order_id: orderId,
      attempts: message.attempts,
      outcome: completion === undefined ? "no_such_order" : completion.completedNow ? "completed" : completion.status,
    });
    message.ack();
  } catch (error) {
    await handleFailure(db, queue, message, error);
  }
}

/**
 * Retries a failed message with a delay that grows with its attempts. After the last attempt the platform moves it
 * to the dead-letter queue instead; that attempt first notes the error on the dead letter, since the dead-letter
 * queue's consumer gets the message without it.
 */
async function handleFailure(db: Database, queue: string, message: Message, error: unknown): Promise<void> {
  const lastAttempt = message.attempts > ORDER_QUEUE_MAX_RETRIES;
  logError("order_message_failed", error, { queue, message_id: message.id, attempts: message.attempts, lastAttempt });
  if (lastAttempt) {
    try {
      await recordDeadLetter(db, {
        id: message.id,
        queue,
        body: message.body,
        attempts: message.attempts,
        error: errorText(error),
        failedAt: nowIso(),
      });
    } catch (noteError) {
      // The dead-letter queue's consumer still records the message, without its error.
      logError("dead_letter_note_failed", noteError, { queue, message_id: message.id });
    }
  }
  message.retry({ delaySeconds: retryDelaySeconds(message.attempts) });
}

/**
 * The dead-letter queue's consumer: records every message in `dead_letters` under its message id (a redelivery
 * records it once), for staff to list and replay. A failure to record is retried, as for any queue.
 */
async function recordDeadLetters(db: Database, batch: MessageBatch): Promise<void> {
  const failedAt = nowIso();
  const records = batch.messages.map((message) =>
    recordDeadLetter(db, {
      id: message.id,
      queue: ORDER_QUEUE,
      body: message.body,
      attempts: ORDER_QUEUE_MAX_RETRIES + 1,
      error: null,
      failedAt,
    }),
  );
  const [first, ...rest] = records;
  if (!first) return;
  try {
    await db.batch([first, ...rest]);
  } catch (error) {
    logError("dead_letters_not_recorded", error, { queue: batch.queue, messages: batch.messages.length });
    batch.retryAll({ delaySeconds: retryDelaySeconds(batch.messages[0]?.attempts ?? 1) });
    return;
  }
  for (const message of batch.messages) {
    logInfo("order_message_dead_lettered", { queue: batch.queue, message_id: message.id, body: message.body });
    message.ack();
  }
}
