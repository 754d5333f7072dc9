import { SeededRandom } from '@mloop/core';

/**
 * A seeded generator of the spam wave the example simulates: crypto, NFT, fake-delivery and
 * wallet-verification scams whose vocabulary the 2011 SMS corpus never saw. The templates mix
 * the new words with a few old spam cues ("claim", "now") and everyday words, so a model trained
 * on the old corpus catches some of them and misses many.
 */

const OPENERS = ['Hi', 'Hey', 'Dear customer', 'Hello friend', 'Attention', 'Good news', 'Last chance', 'Reminder'];
const COINS = ['crypto', 'bitcoin', 'ethereum', 'usdt', 'dogecoin', 'solana'];
const ASSETS = ['NFT', 'token', 'airdrop', 'staking reward', 'wallet bonus', 'metaverse pass'];
const ACTIONS = ['verify', 'unlock', 'activate', 'confirm', 'connect', 'sync'];
const COURIERS = ['parcel', 'package', 'delivery', 'shipment', 'courier'];
const LINKS = ['bit.ly/x', 'tinyurl.com/w', 'wallet-check.io', 'nft-drop.app', 'claim-coin.net', 'track-parcel.co'];
const AMOUNTS = ['0.5 ETH', '250 USDT', '1 BTC', '500 tokens', '$300 in crypto', '2 SOL'];

const TEMPLATES: readonly ((pick: <T>(items: readonly T[]) => T) => string)[] = [
  (p) => `${p(OPENERS)}, your ${p(COINS)} wallet is locked. ${p(ACTIONS)} your seed phrase at ${p(LINKS)} within 24h`,
  (p) => `Exclusive ${p(ASSETS)} drop! Mint yours free today at ${p(LINKS)}, only 100 left`,
  (p) => `${p(OPENERS)}! You received ${p(AMOUNTS)}. ${p(ACTIONS)} your ${p(COINS)} account to withdraw: ${p(LINKS)}`,
  (p) => `Your ${p(COURIERS)} is on hold, a customs fee of 1.99 is due. Pay at ${p(LINKS)} to reschedule`,
  (p) => `Invest in ${p(COINS)} with our AI trading bot, 40% weekly profit guaranteed. Join on WhatsApp now`,
  (p) => `${p(OPENERS)}, ${p(ASSETS)} airdrop for early holders: connect your wallet at ${p(LINKS)} and claim`,
  (p) => `We could not deliver your ${p(COURIERS)}. Update your address at ${p(LINKS)} or it returns to sender`,
  (p) => `Double your ${p(COINS)} in 24 hours! Send ${p(AMOUNTS)} and receive twice back, limited promo`,
];

/** Generates `n` new-pattern spam messages from `seed` (same seed, same messages). */
export function generateNewSpam(n: number, seed: number): string[] {
  const random = new SeededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[random.nextInt(items.length)];
  return Array.from({ length: n }, () => pick(TEMPLATES)(pick));
}

const FRIENDS = ['mate', 'bro', 'babe', 'dude', 'mum', 'love'];
const HAM_TEMPLATES: readonly ((pick: <T>(items: readonly T[]) => T) => string)[] = [
  (p) => `Did you see ${p(COINS)} crashed again lol, glad I never bought any ${p(FRIENDS)}`,
  (p) => `My ${p(COURIERS)} finally came, thanks for signing for it ${p(FRIENDS)}`,
  (p) => `Jake keeps talking about his ${p(ASSETS)} at lunch, so boring`,
  (p) => `Can you check if the ${p(COURIERS)} from mum arrived? I'll be home by 7`,
  (p) => `Lol my brother lost all his ${p(COINS)} money, don't tell dad ${p(FRIENDS)}`,
  (p) => `Meeting moved to Thursday, ${p(FRIENDS)}. Bring the laptop please`,
];

/** Generates `n` everyday messages that mention the new topics harmlessly (seeded). */
export function generateNewHam(n: number, seed: number): string[] {
  const random = new SeededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[random.nextInt(items.length)];
  return Array.from({ length: n }, () => pick(HAM_TEMPLATES)(pick));
}
