/** The order queue's consumer: the work after a checkout. */
export async function handleOrderQueue(batch: MessageBatch, _env: Env, _ctx: ExecutionContext): Promise<void> {
  throw new Error(`The order queue's consumer is not written yet (${batch.queue}).`);
}
