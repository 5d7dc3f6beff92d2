// polkadot.js against the local relay chain (lst-node --platform relay),
// as a wallet or a dapp would use it: connect over WebSocket, read the
// chain's properties and a balance, sign a transfer with a dev key
// (//Dave to //Eve, 2.5 tokens), watch it to finality, and read both
// balances again. Exits non-zero on any mismatch. Usage (scripts/
// polkadot-js.sh sets these):
//   LST_TOOLS=… RELAY_URL=ws://… node transfer.cjs
'use strict';
const path = require('path');
const { createRequire } = require('module');
const load = createRequire(path.join(process.env.LST_TOOLS, 'node_modules', '/'));
const { ApiPromise, WsProvider, Keyring } = load('@polkadot/api');
const { cryptoWaitReady } = load('@polkadot/util-crypto');

function check(ok, what) {
  if (!ok) throw new Error(what);
  console.log(`ok: ${what}`);
}

async function main() {
  await cryptoWaitReady();
  const api = await ApiPromise.create({ provider: new WsProvider(process.env.RELAY_URL), noInitWarn: true });
  const props = api.registry.getChainProperties();
  const decimals = props.tokenDecimals.unwrap()[0].toNumber();
  const symbol = props.tokenSymbol.unwrap()[0].toString();
  const prefix = props.ss58Format.unwrap().toNumber();
  check([10, 12].includes(decimals), `the chain's token is ${symbol} with ${decimals} decimals, SS58 prefix ${prefix}`);
  const keyring = new Keyring({ type: 'sr25519', ss58Format: prefix });
  const dave = keyring.addFromUri('//Dave');
  const eve = keyring.addFromUri('//Eve');
  const unit = 10n ** BigInt(decimals);
  const free = async (who) => (await api.query.system.account(who.address)).data.free.toBigInt();
  const [daveBefore, eveBefore] = [await free(dave), await free(eve)];
  check(daveBefore === 1_000_000n * unit, `//Dave (${dave.address}) holds 1,000,000 ${symbol}`);
  const amount = (5n * unit) / 2n;
  const { blockHash, index } = await new Promise((resolve, reject) => {
    api.tx.balances
      .transferKeepAlive(eve.address, amount)
      .signAndSend(dave, ({ status, events, dispatchError, txIndex }) => {
        if (dispatchError) return reject(new Error(`the transfer failed: ${dispatchError.toString()}`));
        if (status.isFinalized) {
          const transferred = events.some(({ event }) => api.events.balances.Transfer.is(event));
          if (!transferred) return reject(new Error('no Balances.Transfer event'));
          resolve({ blockHash: status.asFinalized.toHex(), index: txIndex });
        }
      })
      .catch(reject);
  });
  const header = await api.rpc.chain.getHeader(blockHash);
  console.log(`the transfer is extrinsic ${header.number.toNumber()}-${index} (block ${blockHash})`);
  check((await free(eve)) === eveBefore + amount, `//Eve received 2.5 ${symbol}`);
  check((await free(dave)) === daveBefore - amount, `//Dave paid 2.5 ${symbol} (the local chain charges no fee)`);
  await api.disconnect();
}

// The WebSocket provider keeps a reconnect timer alive for seconds after
// disconnecting: exit as soon as the checks are done.
main().then(() => process.exit(0)).catch((e) => {
  console.error(e);
  process.exit(1);
});
