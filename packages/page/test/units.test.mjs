// Unit tests of the page's own logic (node's test runner, bundled by
// scripts/page.sh with esbuild): SS58 addresses as Substrate writes them,
// amounts shown and typed in units.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Ss58Error, checkAddress, decodeSs58, encodeSs58 } from "../src/ss58";
import { AmountError, parseAmount, ratio, units } from "../src/format";

// //Alice's sr25519 public key and its addresses (as subkey prints them).
const ALICE = Uint8Array.from(Buffer.from("d43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d", "hex"));
const ALICE_GENERIC = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY";
const ALICE_KUSAMA = "HNZata7iMYWmk5RvZRTiAsSDhV8366zq2YGb3tLH5Upf74F";
const ALICE_POLKADOT = "15oF4uVJwmo4TdGW7VfQxNLavjCXviqxT9S1MgbjMNHr6Sp5";

const problem = (f) => {
  try {
    f();
  } catch (e) {
    assert.ok(e instanceof Ss58Error, String(e));
    return e.problem;
  }
  assert.fail("no error");
};

test("alice's addresses encode as substrate's", () => {
  assert.equal(encodeSs58(42, ALICE), ALICE_GENERIC);
  assert.equal(encodeSs58(2, ALICE), ALICE_KUSAMA);
  assert.equal(encodeSs58(0, ALICE), ALICE_POLKADOT);
});

test("a decoded address gives its prefix and account back", () => {
  const { prefix, account } = decodeSs58(ALICE_KUSAMA);
  assert.equal(prefix, 2);
  assert.deepEqual(account, ALICE);
});

test("an address of the named network passes the check", () => {
  checkAddress(ALICE_KUSAMA, 2, "Kusama");
  checkAddress(ALICE_POLKADOT, 0, "Polkadot");
});

test("an address of the other network is refused as WrongNetwork", () => {
  assert.equal(problem(() => checkAddress(ALICE_POLKADOT, 2, "Kusama")), "WrongNetwork");
});

test("a changed character is refused as Ss58BadChecksum", () => {
  const typo = ALICE_KUSAMA.slice(0, 10) + (ALICE_KUSAMA[10] === "a" ? "b" : "a") + ALICE_KUSAMA.slice(11);
  assert.equal(problem(() => decodeSs58(typo)), "Ss58BadChecksum");
});

test("a character outside base58 is refused as Ss58InvalidCharacter", () => {
  assert.equal(problem(() => decodeSs58(`0${ALICE_KUSAMA.slice(1)}`)), "Ss58InvalidCharacter");
});

test("a truncated address is refused as RecipientLength", () => {
  assert.equal(problem(() => decodeSs58(ALICE_KUSAMA.slice(0, 20))), "RecipientLength");
});

test("amounts show in units with thousands grouped, rounded down to 4 places", () => {
  assert.equal(units(1_500_000_000_000_000_000n, "AVAX"), "1.5 AVAX");
  assert.equal(units(1_234_567_891_234_567_890_123n, "AVAX"), "1,234.5678 AVAX");
  assert.equal(units(0n, "aKSMb"), "0 aKSMb");
  assert.equal(units(2_500_000_000_000n, "KSM", 12), "2.5 KSM");
  assert.equal(units(99_999n, "AVAX"), "0 AVAX");
});

test("the ratio shows six places", () => {
  assert.equal(ratio(999_123_456_789_000_000n), "0.999123");
  assert.equal(ratio(10n ** 18n), "1");
});

test("typed amounts parse to the smallest unit", () => {
  assert.equal(parseAmount("3"), 3_000_000_000_000_000_000n);
  assert.equal(parseAmount(" 0.5 "), 500_000_000_000_000_000n);
  assert.equal(parseAmount("1.25", 10), 12_500_000_000n);
});

test("what is not a positive amount is refused", () => {
  for (const text of ["", "abc", "-1", "1e18", "0", "0.0", "1.", "1.0000000000000000001"]) {
    assert.throws(() => parseAmount(text), AmountError, JSON.stringify(text));
  }
});
