// Amounts as people read and type them: in units (AVAX, ankrAVAX, KSM …),
// never in wei.
import { formatUnits, parseUnits } from "viem";

/** `value` (in the smallest unit, `decimals` of them per unit) in units,
 * with at most `places` decimals, rounded down, and the symbol. */
export function units(value: bigint, symbol: string, decimals = 18, places = 4): string {
  const scale = 10n ** BigInt(Math.max(decimals - places, 0));
  const shown = decimals > places ? (value / scale) * scale : value;
  const text = formatUnits(shown, decimals);
  const [whole = "0", fraction] = text.split(".");
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${fraction ? `${grouped}.${fraction}` : grouped} ${symbol}`;
}

/** A ratio (1e18 = one) as a decimal with 6 places. */
export function ratio(value: bigint): string {
  return formatUnits((value / 10n ** 12n) * 10n ** 12n, 18);
}

/** Why a typed amount was refused. */
export class AmountError extends Error {}

/** The amount typed in `text`, in the smallest unit; refuses what is not a
 * positive number with at most `decimals` decimals. */
export function parseAmount(text: string, decimals = 18): bigint {
  const t = text.trim();
  if (!/^\d+(\.\d+)?$/.test(t)) throw new AmountError(`"${text}" is not an amount: type a number such as 1.5`);
  const [, fraction = ""] = t.split(".");
  if (fraction.length > decimals) throw new AmountError(`at most ${decimals} decimals`);
  const value = parseUnits(t, decimals);
  if (value === 0n) throw new AmountError("enter an amount above zero");
  return value;
}
