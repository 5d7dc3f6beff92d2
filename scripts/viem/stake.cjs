// A dapp's stake → unstake → withdraw through the node with viem, from a
// local account (as a browser wallet would sign), against the suite that
// lst-deploy put there. The operator serves the request in between (the
// keeper's job). Usage (scripts/viem.sh sets these):
//   LST_TOOLS=… RPC_URL=… MANIFEST=… USER_KEY=0x… OPERATOR_KEY=0x… node stake.cjs
'use strict';
const fs = require('fs');
const path = require('path');
const { createRequire } = require('module');
const viem = require(createRequire(path.join(process.env.LST_TOOLS, 'node_modules', '/')).resolve('viem'));
const { privateKeyToAccount } = require(
  createRequire(path.join(process.env.LST_TOOLS, 'node_modules', '/')).resolve('viem/accounts'),
);
const { createPublicClient, createWalletClient, http, parseEther, formatEther, parseEventLogs, BaseError, ContractFunctionRevertedError } = viem;

const root = path.join(__dirname, '..', '..');
const abi = (name) => JSON.parse(fs.readFileSync(path.join(root, 'abi', `${name}.json`), 'utf8'));
const manifest = JSON.parse(fs.readFileSync(process.env.MANIFEST, 'utf8'));
const address = (name) => manifest.contracts.find((c) => c.name === name).address;

async function main() {
  const transport = http(process.env.RPC_URL);
  const publicClient = createPublicClient({ transport });
  const chainId = await publicClient.getChainId();
  const chain = { id: chainId, name: 'lst-local', nativeCurrency: { name: 'AVAX', symbol: 'AVAX', decimals: 18 }, rpcUrls: { default: { http: [process.env.RPC_URL] } } };
  const user = privateKeyToAccount(process.env.USER_KEY);
  const operator = privateKeyToAccount(process.env.OPERATOR_KEY);
  const wallet = createWalletClient({ account: user, chain, transport });
  const operatorWallet = createWalletClient({ account: operator, chain, transport });
  const pool = { address: address('AvalanchePool'), abi: abi('AvalanchePool') };
  const cert = { address: address('ankrAVAX'), abi: abi('CertToken') };

  // Stake 3 AVAX for ankrAVAX (simulate first, as dapps do).
  const before = await publicClient.readContract({ ...cert, functionName: 'balanceOf', args: [user.address] });
  const { request: stake } = await publicClient.simulateContract({ ...pool, account: user, functionName: 'stakeAndClaimCerts', value: parseEther('3') });
  const stakeReceipt = await publicClient.waitForTransactionReceipt({ hash: await wallet.writeContract(stake) });
  if (stakeReceipt.status !== 'success') throw new Error('stake reverted');
  const shares = (await publicClient.readContract({ ...cert, functionName: 'balanceOf', args: [user.address] })) - before;
  if (shares !== parseEther('3')) throw new Error(`staked 3 AVAX for ${formatEther(shares)} ankrAVAX`);
  console.log(`[viem] staked 3 AVAX: ${formatEther(shares)} ankrAVAX`);

  // A refused simulation names the contract's error.
  try {
    await publicClient.simulateContract({ ...pool, account: user, functionName: 'stakeAndClaimCerts', value: parseEther('0.5') });
    throw new Error('a 0.5 AVAX stake simulated fine');
  } catch (e) {
    const revert = e instanceof BaseError && e.walk((x) => x instanceof ContractFunctionRevertedError);
    if (!revert || revert.data?.errorName !== 'StakeBelowMinimum') throw e;
    console.log(`[viem] a 0.5 AVAX stake is refused: ${revert.data.errorName}()`);
  }

  // Unstake: the ClaimRequested event gives the request id.
  const { request: unstake } = await publicClient.simulateContract({ ...pool, account: user, functionName: 'claimCerts', args: [shares] });
  const unstakeReceipt = await publicClient.waitForTransactionReceipt({ hash: await wallet.writeContract(unstake) });
  const [requested] = parseEventLogs({ abi: pool.abi, logs: unstakeReceipt.logs, eventName: 'ClaimRequested' });
  if (!requested) throw new Error('no ClaimRequested event');
  const id = requested.args.requestId;
  console.log(`[viem] unstaked: request ${id} for ${formatEther(requested.args.amount)} AVAX`);

  // The operator serves it (the pool holds the staked AVAX).
  const { request: serve } = await publicClient.simulateContract({ ...pool, account: operator, functionName: 'serveClaims', args: [id] });
  await publicClient.waitForTransactionReceipt({ hash: await operatorWallet.writeContract(serve) });
  const [, , status] = await publicClient.readContract({ ...pool, functionName: 'claimStatus', args: [id] });
  if (status !== 2) throw new Error(`request ${id} has status ${status}, not claimable`);

  // Withdraw: the AVAX come back.
  const balance = await publicClient.getBalance({ address: user.address });
  const { request: withdraw } = await publicClient.simulateContract({ ...pool, account: user, functionName: 'withdrawClaim', args: [id] });
  const withdrawReceipt = await publicClient.waitForTransactionReceipt({ hash: await wallet.writeContract(withdraw) });
  const fee = withdrawReceipt.gasUsed * withdrawReceipt.effectiveGasPrice;
  const received = (await publicClient.getBalance({ address: user.address })) + fee - balance;
  if (received !== parseEther('3')) throw new Error(`withdrew ${formatEther(received)} AVAX, not 3`);
  console.log(`[viem] withdrew request ${id}: ${formatEther(received)} AVAX`);
}

main().then(
  () => console.log('[viem] ok'),
  (e) => {
    console.error('[viem] FAILED:', e);
    process.exit(1);
  },
);
