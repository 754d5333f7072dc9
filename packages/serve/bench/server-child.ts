/**
 * The HTTP service in its own process for the load benchmark (so the load generator does not share
 * its event loop). Prints `READY <url>` once listening. With `--alias-moves <n> --every <ms>` it
 * moves `production` between v1 and v2 n times while serving.
 */
import { createPredictor, createServer } from '../src/index';
import { smsRegistry } from './sms-model';

const args = process.argv.slice(2);
const moves = Number(args[args.indexOf('--alias-moves') + 1] ?? 0) || 0;
const every = Number(args[args.indexOf('--every') + 1] ?? 1500) || 1500;
const { mloop } = await smsRegistry();
const predictor = await createPredictor({ mloop, model: 'sms', input: { kind: 'text' }, positiveLabel: 'spam' });
const server = createServer(predictor, { port: 0, maxBatchSize: 1000 });
const { url } = await server.listen();
console.log(`READY ${url}`);
if (moves > 0) {
  let done = 0;
  const timer = setInterval(async () => {
    done++;
    await mloop.registry.setAlias('sms', 'production', done % 2 === 1 ? 2 : 1, { reason: `bench move ${done}` });
    if (done >= moves) clearInterval(timer);
  }, every);
}
process.on('SIGTERM', async () => {
  await server.close();
  predictor.close();
  process.exit(0);
});
