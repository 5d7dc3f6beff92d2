// SS58 (Substrate) addresses, checked before a burn is sent: base58, a
// network prefix, a 32-byte account id and a 2-byte BLAKE2b-512 checksum
// over "SS58PRE" ‖ prefix ‖ account. The pool checks the same on chain; the
// page checks first so a mistyped address costs no transaction.
// Hand-written over @scure/base and @noble/hashes (which viem already
// brings) rather than @polkadot/util-crypto's decodeAddress: that would
// add the polkadot.js stack and its wasm crypto to the page, for a format
// of three fields.
import { base58 } from "@scure/base";
import { blake2b } from "@noble/hashes/blake2b";

/** Why an address was refused: the pool's error names, and the one the
 * page adds (an address of the other relay chain). */
export type Ss58Problem = "Ss58InvalidCharacter" | "Ss58BadChecksum" | "Ss58UnknownPrefix" | "RecipientLength" | "WrongNetwork";

/** A refused address. */
export class Ss58Error extends Error {
  constructor(readonly problem: Ss58Problem, message: string) {
    super(message);
  }
}

const PRE = new TextEncoder().encode("SS58PRE");

function checksum(body: Uint8Array): Uint8Array {
  const input = new Uint8Array(PRE.length + body.length);
  input.set(PRE);
  input.set(body, PRE.length);
  return blake2b(input, { dkLen: 64 }).subarray(0, 2);
}

/** The prefix and account id of a one-byte-prefix SS58 `address` of a
 * 32-byte account (what Kusama and Polkadot use). */
export function decodeSs58(address: string): { prefix: number; account: Uint8Array } {
  let bytes: Uint8Array;
  try {
    bytes = base58.decode(address.trim());
  } catch {
    throw new Ss58Error("Ss58InvalidCharacter", "The address has a character SS58 addresses never use.");
  }
  if (bytes.length !== 35) throw new Ss58Error("RecipientLength", "The address has the wrong length for an account.");
  const prefix = bytes[0]!;
  if (prefix > 63) throw new Ss58Error("Ss58UnknownPrefix", "The address is not a Kusama or Polkadot address.");
  const sum = checksum(bytes.subarray(0, 33));
  if (sum[0] !== bytes[33] || sum[1] !== bytes[34]) {
    throw new Ss58Error("Ss58BadChecksum", "The address is mistyped: its checksum does not match.");
  }
  return { prefix, account: bytes.slice(1, 33) };
}

/** `account` (32 bytes) as an SS58 address of network `prefix` (< 64). */
export function encodeSs58(prefix: number, account: Uint8Array): string {
  const body = new Uint8Array(33);
  body[0] = prefix;
  body.set(account, 1);
  const out = new Uint8Array(35);
  out.set(body);
  out.set(checksum(body), 33);
  return base58.encode(out);
}

/** Checks that `address` is an address of the network with `prefix`
 * (`name` in the message). */
export function checkAddress(address: string, prefix: number, name: string): void {
  const decoded = decodeSs58(address);
  if (decoded.prefix !== prefix) {
    throw new Ss58Error("WrongNetwork", `This is not a ${name} address (its prefix is ${decoded.prefix}, ${name}'s is ${prefix}).`);
  }
}
