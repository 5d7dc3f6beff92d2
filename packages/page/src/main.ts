// The staking page: reads the suite through the node with viem, signs with
// a browser wallet (EIP-1193: each wallet that announces itself by
// EIP-6963, and `window.ethereum`) or, on a local dev
// chain, with a dev account, and asks the notary (this page's origin) for
// KSM/DOT claims. No framework: the DOM of index.html, filled in here.
import {
  BaseError,
  ContractFunctionRevertedError,
  UserRejectedRequestError,
  createPublicClient,
  createWalletClient,
  custom,
  defineChain,
  formatUnits,
  http,
  parseEventLogs,
  parseUnits,
  bytesToHex,
  stringToHex,
  type Address,
  type Chain,
  type EIP1193Provider,
  type Hex,
  type PublicClient,
  type WalletClient,
  type Account,
  type Transport,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";
import {
  avalancheDelegatorAbi,
  avalanchePoolAbi,
  bondTokenAbi,
  certTokenAbi,
  polkadotPoolAbi,
  rateProviderAbi,
  stakingAbi,
} from "@lst/contracts";
import { drawRatioChart, type Point } from "./chart";
import { explain } from "./errors";
import { AmountError, parseAmount, ratio as fmtRatio, units } from "./format";
import { Ss58Error, checkAddress, decodeSs58 } from "./ss58";

/** What `/config.json` says (offchain/backend/src/page.rs). */
interface Config {
  network: string;
  platform: "stylus" | "ink";
  chainId: number;
  rpcUrl: string;
  startBlock: number;
  contracts: Record<string, Address>;
  networks: { name: string; prefix: number; decimals: number; symbol: string; bond: string }[];
  /** Network → the deposit address, where the notary checks transfers. */
  depositAddresses: Record<string, string>;
  devAccounts: { address: Address; key: Hex }[];
}

/** A depositor's history as the notary serves it (`GET /v1/history`). */
interface History {
  claimable: string;
  claimableAmount: string;
  entries: { type: string; status: string; nativeAmount: string; amount: string; extrinsicId?: string | null }[];
}

/** A deposit as the notary serves it (`GET /v1/deposits/…`). */
interface Deposit {
  network: string;
  extrinsicId: string;
  address: string;
  nativeAmount: string;
  amount: string;
  message?: string;
  /** With `?ethAddress=`: what a new claim may still take, planck. */
  claimable?: string;
}

/** A claim as the notary issues it (`POST /v1/claims`). */
interface ClaimReply {
  claim: {
    status: string;
    expiresTimestamp: number;
    data: { claimId: Hex; claimBeforeBlock: number; amount: string; nativeAmount: string; signature: Hex; ethAddress: Address };
  };
  tokenAddress: Address;
}

/** A Substrate wallet extension as it injects itself
 * (`window.injectedWeb3[name]`, polkadot.js's injection API). */
interface InjectedWeb3 {
  enable(origin: string): Promise<{
    accounts: { get(): Promise<{ address: string; type?: string }[]> };
    signer: { signRaw?(payload: { address: string; data: Hex; type: "bytes" }): Promise<{ signature: Hex }> };
  }>;
}

declare global {
  interface Window {
    ethereum?: EIP1193Provider;
    injectedWeb3?: Record<string, InjectedWeb3>;
  }
}

const el = <T extends HTMLElement = HTMLElement>(id: string): T => {
  const found = document.getElementById(id);
  if (!found) throw new Error(`index.html has no #${id}`);
  return found as T;
};
const input = (id: string) => el<HTMLInputElement>(id);
const select = (id: string) => el<HTMLSelectElement>(id);
const setText = (id: string, text: string) => {
  el(id).textContent = text;
};

type Kind = "info" | "ok" | "error";

/** Writes the outcome of an action into its section's `.result` line; an
 * error's name goes into `data-error` (and the text) as well. */
function say(section: string, kind: Kind, text: string, errorName?: string): void {
  const out = el(section).querySelector<HTMLElement>(".result");
  if (!out) throw new Error(`#${section} has no .result`);
  out.dataset.kind = kind;
  if (errorName) out.dataset.error = errorName;
  else delete out.dataset.error;
  out.textContent = text;
}

let config: Config;
let chain: Chain;
let client: PublicClient;
let wallet: WalletClient<Transport, Chain, Account> | undefined;
const addr = (name: string): Address => {
  const a = config.contracts[name];
  if (!a) throw new Error(`the deployment has no ${name}`);
  return a;
};

/** Names a failure: a contract's error by name and meaning, a declined
 * wallet prompt, a typed amount or address, or the client's message. */
function describe(e: unknown): { text: string; name?: string } {
  if (e instanceof AmountError) return { text: `Amount: ${e.message}.`, name: "InvalidAmount" };
  if (e instanceof Ss58Error) return { text: `${e.problem}: ${e.message} Nothing was sent.`, name: e.problem };
  if (e instanceof BaseError) {
    const revert = e.walk((x) => x instanceof ContractFunctionRevertedError);
    if (revert instanceof ContractFunctionRevertedError) {
      const name = revert.data?.errorName;
      if (name) return { text: `${name}: ${explain(name)}`, name };
      if (revert.reason) return { text: `Refused: ${revert.reason}` };
    }
    if (e.walk((x) => x instanceof UserRejectedRequestError)) return { text: "You declined it in the wallet." };
    return { text: e.shortMessage };
  }
  return { text: e instanceof Error ? e.message : String(e) };
}

function fail(section: string, e: unknown, extra = ""): void {
  const { text, name } = describe(e);
  say(section, "error", `${text}${extra}`, name);
}

/** Simulates a call (a refusal is named before anything is signed), sends
 * it and waits for its receipt. */
async function send(
  section: string,
  what: string,
  call: { address: Address; abi: readonly unknown[]; functionName: string; args?: readonly unknown[]; value?: bigint },
) {
  if (!wallet) {
    say(section, "error", "Connect an account first.");
    return undefined;
  }
  say(section, "info", `${what}: checking…`);
  // The ABI's names are checked where each call is built (typed helpers
  // below); here the request only passes through.
  const { request } = await client.simulateContract({ ...(call as Parameters<PublicClient["simulateContract"]>[0]), account: wallet.account });
  say(section, "info", `${what}: waiting for the wallet…`);
  const hash = await wallet.writeContract(request as Parameters<typeof wallet.writeContract>[0]);
  say(section, "info", `${what}: sent ${hash.slice(0, 10)}…, waiting for the block…`);
  const receipt = await client.waitForTransactionReceipt({ hash });
  if (receipt.status !== "success") throw new Error(`${what} reverted in block ${receipt.blockNumber}`);
  void refresh();
  return receipt;
}

// ---------------------------------------------------------------- accounts

/** What a wallet announces of itself (EIP-6963). */
interface Eip6963Detail {
  info: { uuid: string; name: string; icon: string; rdns: string };
  provider: EIP1193Provider;
}

/** The wallets that announced themselves, by their uuid. */
const announced = new Map<string, Eip6963Detail>();

/** EIP-6963: asks every installed wallet to announce itself, now and when
 * one loads later, and lists each (`wallet:<uuid>`) through `add`; the
 * `window.ethereum` entry is dropped once it turns out to be one of them.
 * Several wallets can be installed side by side this way, where
 * `window.ethereum` holds only whichever injected itself last. */
function discoverWallets(add: (value: string, text: string) => void, drop: (value: string) => void): void {
  window.addEventListener("eip6963:announceProvider", (event) => {
    const detail = (event as CustomEvent<Eip6963Detail>).detail;
    if (!detail?.info?.uuid || !detail.provider || announced.has(detail.info.uuid)) return;
    announced.set(detail.info.uuid, detail);
    add(`wallet:${detail.info.uuid}`, `${detail.info.name} (browser wallet)`);
    if (detail.provider === window.ethereum) drop("injected");
  });
  window.dispatchEvent(new Event("eip6963:requestProvider"));
}

/** The provider of account choice `choice`: an announced wallet or
 * `window.ethereum`; undefined for a dev account. */
function walletProvider(choice: string): EIP1193Provider | undefined {
  if (choice.startsWith("wallet:")) return announced.get(choice.slice("wallet:".length))?.provider;
  if (choice === "injected") return window.ethereum;
  return undefined;
}

async function connect(): Promise<void> {
  const choice = select("account-select").value;
  try {
    if (choice === "injected" || choice.startsWith("wallet:")) {
      const provider = walletProvider(choice);
      if (!provider) throw new Error("No wallet is installed in this browser.");
      const injected = createWalletClient({ chain, transport: custom(provider) });
      const [account] = await injected.requestAddresses();
      if (!account) throw new Error("The wallet gave no account.");
      if ((await injected.getChainId()) !== config.chainId) {
        try {
          await injected.switchChain({ id: config.chainId });
        } catch {
          await injected.addChain({ chain });
        }
      }
      wallet = createWalletClient({ account, chain, transport: custom(provider) });
    } else {
      const dev = config.devAccounts[Number(choice)];
      if (!dev) throw new Error("Choose an account.");
      wallet = createWalletClient({ account: privateKeyToAccount(dev.key), chain, transport: http(config.rpcUrl) });
    }
    setText("account", wallet.account.address);
    say("connection", "ok", "Connected.");
    await refresh();
  } catch (e) {
    fail("connection", e);
  }
}

// ----------------------------------------------------------------- reading

let history: Point[] = [];
let historyBlock = 0n;
const blockTimes = new Map<bigint, number>();

async function blockTime(number: bigint): Promise<number> {
  let t = blockTimes.get(number);
  if (t === undefined) {
    t = Number((await client.getBlock({ blockNumber: number })).timestamp);
    blockTimes.set(number, t);
  }
  return t;
}

/** Most blocks per `eth_getLogs` (public nodes refuse long ranges). */
const LOG_RANGE = 2_000n;

/** The logs `read` finds from block `from` to `to`, asked in ranges of at
 * most LOG_RANGE blocks. */
async function inRanges<T>(from: bigint, to: bigint, read: (from: bigint, to: bigint) => Promise<T[]>): Promise<T[]> {
  const out: T[] = [];
  for (let start = from; start <= to; start += LOG_RANGE) {
    const end = start + LOG_RANGE - 1n < to ? start + LOG_RANGE - 1n : to;
    out.push(...(await read(start, end)));
  }
  return out;
}

/** Adds the ankrAVAX ratio's registration and updates since the last read
 * to the history (`RatioUpdated` events of the feed). */
async function readHistory(head: bigint): Promise<void> {
  const from = historyBlock === 0n ? BigInt(config.startBlock) : historyBlock + 1n;
  if (from > head) return;
  const cert = addr("ankrAVAX");
  const feed = addr("RateProvider");
  const logs = await inRanges(from, head, (fromBlock, toBlock) => client.getLogs({ address: feed, fromBlock, toBlock }));
  for (const log of parseEventLogs({ abi: rateProviderAbi, logs })) {
    if (log.eventName === "TokenRegistered" && log.args.token.toLowerCase() === cert.toLowerCase()) {
      history.push({ time: await blockTime(log.blockNumber), ratio: log.args.ratio });
    } else if (log.eventName === "RatioUpdated" && log.args.token.toLowerCase() === cert.toLowerCase()) {
      history.push({ time: await blockTime(log.blockNumber), ratio: log.args.newRatio });
    }
  }
  historyBlock = head;
}

const STATUS = ["unknown", "pending", "claimable", "paid"] as const;
let requestsKey = "";
/** The account's request ids found so far, and the last block searched. */
let requests: { account: Address; block: bigint; ids: bigint[] } | undefined;

async function readRequests(account: Address, lastServed: bigint, head: bigint): Promise<void> {
  const pool = addr("AvalanchePool");
  if (requests?.account !== account) requests = { account, block: BigInt(config.startBlock) - 1n, ids: [] };
  const found = await inRanges(requests.block + 1n, head, (fromBlock, toBlock) =>
    client.getContractEvents({ address: pool, abi: avalanchePoolAbi, eventName: "ClaimRequested", args: { claimer: account }, fromBlock, toBlock }),
  );
  requests.ids.push(...found.map((log) => log.args.requestId!));
  requests.block = head;
  const rows = await Promise.all(
    requests.ids.map(async (id) => {
      const [, amount, status] = await client.readContract({ address: pool, abi: avalanchePoolAbi, functionName: "claimStatus", args: [id] });
      return { id, amount, status };
    }),
  );
  // Rebuilt only when something changed, so a button is never replaced
  // under the user's click by a refresh that found nothing new.
  const key = `${account}|${lastServed}|${rows.map((r) => `${r.id}:${r.status}`).join(",")}`;
  if (key === requestsKey) return;
  requestsKey = key;
  const body = el("requests-body");
  body.replaceChildren(
    ...rows.reverse().map(({ id, amount, status }) => {
      const tr = document.createElement("tr");
      tr.dataset.id = id.toString();
      tr.dataset.status = STATUS[status] ?? "unknown";
      const cell = (text: string, cls?: string) => {
        const td = document.createElement("td");
        td.textContent = text;
        if (cls) td.className = cls;
        tr.append(td);
        return td;
      };
      cell(`#${id}`);
      cell(units(amount, "AVAX"), "num");
      const ahead = id - lastServed - 1n;
      const where =
        status === 1 ? (ahead === 0n ? "in the queue, next to be served" : `in the queue, ${ahead} ahead`) : status === 2 ? "claimable" : status === 3 ? "paid" : "unknown";
      cell(where, "status");
      const action = cell("");
      if (status === 2) {
        const button = document.createElement("button");
        button.textContent = "Withdraw";
        button.className = "withdraw";
        button.onclick = () => void withdraw(id);
        action.append(button);
      }
      return tr;
    }),
  );
  el("requests-empty").hidden = rows.length > 0;
}

let refreshing = false;
let again = false;

/** Reads everything the page shows; a call while a read runs makes it
 * read once more when done (a connect or a new block mid-read is never
 * lost). */
async function refresh(): Promise<void> {
  if (refreshing) {
    again = true;
    return;
  }
  refreshing = true;
  try {
    do {
      again = false;
      await read();
    } while (again);
  } finally {
    refreshing = false;
  }
}

/** The pool's stake at all of its validators, every bucket added up. */
async function stakedByTheValidators(): Promise<readonly [bigint, bigint, bigint, bigint]> {
  const accounts = await client.readContract({
    address: addr("AvalancheDelegator"),
    abi: avalancheDelegatorAbi,
    functionName: "validators",
  });
  const total: [bigint, bigint, bigint, bigint] = [0n, 0n, 0n, 0n];
  for (const account of accounts) {
    // A stake account has no stake pool before its first stake.
    const buckets = await client
      .readContract({ address: addr("Staking"), abi: stakingAbi, functionName: "getStake", args: [account] })
      .catch(() => [0n, 0n, 0n, 0n] as const);
    const [active, inactive, pendingActive, pendingInactive] = buckets;
    total[0] += active;
    total[1] += inactive;
    total[2] += pendingActive;
    total[3] += pendingInactive;
  }
  return total;
}

async function read(): Promise<void> {
  try {
    const pool = { address: addr("AvalanchePool"), abi: avalanchePoolAbi } as const;
    const cert = addr("ankrAVAX");
    const head = await client.getBlockNumber();
    const [ratio, pooled, bounds, owed, minStake, stake] = await Promise.all([
      client.readContract({ address: addr("RateProvider"), abi: rateProviderAbi, functionName: "getRatioFor", args: [cert] }),
      client.readContract({ ...pool, functionName: "totalPooledAvax" }),
      client.readContract({ ...pool, functionName: "queueBounds" }),
      client.readContract({ ...pool, functionName: "owedToQueue" }),
      client.readContract({ ...pool, functionName: "minStake" }),
      stakedByTheValidators(),
    ]);
    const [qHead, lastServed, tail] = bounds;
    let claimable = 0n;
    for (let id = qHead; id <= lastServed && id > 0n && id < qHead + 256n; id++) {
      const [, amount, status] = await client.readContract({ ...pool, functionName: "claimStatus", args: [id] });
      if (status === 2) claimable += amount;
    }
    setText("ratio", fmtRatio(ratio));
    setText("ratio-worth", units((10n ** 36n) / ratio, "AVAX", 18, 6));
    setText("pooled", units(pooled, "AVAX"));
    setText("staked", units(stake[0] + stake[2], "AVAX"));
    setText("unlocking", units(stake[1] + stake[3], "AVAX"));
    setText("queue-head", qHead.toString());
    setText("queue-served", lastServed.toString());
    setText("queue-tail", tail.toString());
    setText("queue-claimable", units(claimable, "AVAX"));
    setText("queue-owed", units(owed, "AVAX"));
    setText("min-stake", units(minStake, "AVAX"));
    await readHistory(head);
    const now = await blockTime(head);
    drawRatioChart(el("ratio-chart") as unknown as SVGSVGElement, [...history, { time: now, ratio }]);

    if (wallet) {
      const me = wallet.account.address;
      const balance = (name: string, abi: typeof certTokenAbi | typeof bondTokenAbi) =>
        client.readContract({ address: addr(name), abi, functionName: "balanceOf", args: [me] });
      const [native, ankr, aavaxb, aksmb, adotb, queued] = await Promise.all([
        client.getBalance({ address: me }),
        balance("ankrAVAX", certTokenAbi),
        balance("aAVAXb", bondTokenAbi),
        balance("aKSMb", bondTokenAbi),
        balance("aDOTb", bondTokenAbi),
        client.readContract({ ...pool, functionName: "pendingAvaxClaimsOf", args: [me] }),
      ]);
      setText("bal-native", units(native, "AVAX"));
      setText("bal-ankrAVAX", units(ankr, "ankrAVAX"));
      setText("bal-aAVAXb", units(aavaxb, "aAVAXb"));
      setText("bal-aKSMb", units(aksmb, "aKSMb"));
      setText("bal-aDOTb", units(adotb, "aDOTb"));
      setText("bal-queued", units(queued, "AVAX"));
      await readRequests(me, lastServed, head);
    }
    el("app").dataset.ready = "true";
    say("chain", "ok", `Up to date with block ${head}.`);
  } catch (e) {
    fail("chain", e, " (reading the chain; retrying on the next block)");
  }
}

// ----------------------------------------------------------------- actions

async function stake(bonds: boolean): Promise<void> {
  const what = bonds ? "Stake for aAVAXb" : "Stake for ankrAVAX";
  try {
    const value = parseAmount(input("stake-amount").value);
    await send("stake", what, {
      address: addr("AvalanchePool"),
      abi: avalanchePoolAbi,
      functionName: bonds ? "stakeAndClaimBonds" : "stakeAndClaimCerts",
      value,
    });
    say("stake", "ok", `${what}: staked ${units(value, "AVAX")}.`);
  } catch (e) {
    // Below the minimum: say what it is (on the page already).
    fail("stake", e, describe(e).name === "StakeBelowMinimum" ? ` The minimum is ${el("min-stake").textContent}.` : "");
  }
}

async function unstake(): Promise<void> {
  try {
    const token = select("unstake-token").value;
    const amount = parseAmount(input("unstake-amount").value);
    const receipt = await send("unstake", `Unstake ${token}`, {
      address: addr("AvalanchePool"),
      abi: avalanchePoolAbi,
      functionName: token === "aAVAXb" ? "claimBonds" : "claimCerts",
      args: [amount],
    });
    if (!receipt) return;
    const [requested] = parseEventLogs({ abi: avalanchePoolAbi, logs: receipt.logs, eventName: "ClaimRequested" });
    say(
      "unstake",
      "ok",
      requested
        ? `Request #${requested.args.requestId} queued for ${units(requested.args.amount, "AVAX")}.`
        : `Unstaked ${units(amount, token)}.`,
    );
  } catch (e) {
    fail("unstake", e);
  }
}

async function withdraw(id: bigint): Promise<void> {
  try {
    await send("requests", `Withdraw request #${id}`, {
      address: addr("AvalanchePool"),
      abi: avalanchePoolAbi,
      functionName: "withdrawClaim",
      args: [id],
    });
    say("requests", "ok", `Request #${id} withdrawn: the AVAX are in your account.`);
  } catch (e) {
    fail("requests", e);
  }
}

/** The notary's JSON answer, or its `error` as an exception. */
async function notary<T>(path: string, init?: RequestInit): Promise<T> {
  const res = await fetch(path, init);
  const body = (await res.json().catch(() => ({}))) as T & { error?: string };
  if (!res.ok && res.status !== 409) throw new Error(`The notary answered ${res.status}: ${body.error ?? res.statusText}`);
  return body;
}

let claim: ClaimReply | undefined;

function claimNetwork() {
  const n = config.networks.find((x) => x.name === select("claim-network").value);
  if (!n) throw new Error("Choose a network.");
  return n;
}

async function fetchDeposit(): Promise<void> {
  try {
    if (!wallet) throw new Error("Connect the account the tokens go to first.");
    const n = claimNetwork();
    const id = input("claim-deposit").value.trim();
    if (!/^\d+-\d+$/.test(id)) throw new Error(`"${id}" is not a deposit: type its extrinsic as <block>-<index>, e.g. 1000-2.`);
    const d = await notary<Deposit>(
      `/v1/deposits/${encodeURIComponent(n.name)}/${encodeURIComponent(id)}?ethAddress=${wallet.account.address}`,
    );
    setText("claim-from", d.address);
    setText("claim-amount", units(BigInt(d.nativeAmount), n.symbol, n.decimals));
    setText("claim-max", units(BigInt(d.claimable ?? "0"), n.symbol, n.decimals));
    // By default the claim takes all that is claimable.
    input("claim-amount-input").value = formatUnits(BigInt(d.claimable ?? "0"), n.decimals);
    setText("claim-message", d.message ?? "");
    // A new deposit: nothing of the last one's claim stays on screen.
    deposit = d;
    claim = undefined;
    input("claim-signature").value = "";
    setText("claim-status", "");
    el("claim-submit").hidden = true;
    el("claim-sign").hidden = false;
    el("claim-extension").hidden = Object.keys(window.injectedWeb3 ?? {}).length === 0;
    say("claim", "ok", `Deposit ${id} found: sign the text below with the ${n.symbol} account that made it, and paste the signature.`);
  } catch (e) {
    fail("claim", e);
  }
}

let deposit: Deposit | undefined;

/** The amount typed for the claim, in planck. */
function claimAmount(): bigint {
  const n = claimNetwork();
  const text = input("claim-amount-input").value.trim();
  let planck: bigint;
  try {
    planck = parseUnits(text, n.decimals);
  } catch {
    throw new Error(`"${text}" is not an amount of ${n.symbol}.`);
  }
  const max = BigInt(deposit?.claimable ?? "0");
  if (planck <= 0n) throw new Error(`Claim more than 0 ${n.symbol}.`);
  if (planck > max) throw new Error(`At most ${units(max, n.symbol, n.decimals)} is claimable.`);
  return planck;
}

/** The notary's text for the amount typed (the signature covers it). */
async function refreshMessage(): Promise<void> {
  try {
    if (!wallet || !deposit) return;
    const n = claimNetwork();
    const d = await notary<Deposit>(
      `/v1/deposits/${encodeURIComponent(n.name)}/${encodeURIComponent(deposit.extrinsicId)}?ethAddress=${wallet.account.address}&amount=${claimAmount()}`,
    );
    setText("claim-message", d.message ?? "");
    deposit.message = d.message;
    input("claim-signature").value = "";
    say("claim", "ok", "Sign the text for this amount, then ask the notary.");
  } catch (e) {
    fail("claim", e);
  }
}

/** The depositor's SS58 address, checked for the chosen network. */
function claimAddress(): string {
  const n = claimNetwork();
  const address = input("claim-address").value.trim();
  checkAddress(address, n.prefix, n.name[0]!.toUpperCase() + n.name.slice(1));
  return address;
}

/** Shows where to send KSM/DOT on the chosen network. */
function showDepositAddress(): void {
  const n = claimNetwork();
  const to = config.depositAddresses[n.name];
  setText(
    "claim-deposit-address",
    to
      ? `Send at least 1 ${n.symbol} to ${to}, then give the transfer's extrinsic (<block>-<index>) and your address.`
      : `Deposits on ${n.name} are reported by the operator's watcher: give your deposit's extrinsic.`,
  );
}

/** Asks the notary to credit the transfer: it reads it on the relay
 * chain (finalized, successful, at least the minimum, from this address to
 * the deposit address) and names the reason when it does not. */
async function creditTransfer(): Promise<void> {
  try {
    const n = claimNetwork();
    const address = claimAddress();
    const id = input("claim-deposit").value.trim();
    if (!/^\d+-\d+$/.test(id)) throw new Error(`"${id}" is not an extrinsic: type it as <block>-<index>, e.g. 1000-2.`);
    const res = await fetch("/v1/stakes", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ network: n.name, extrinsicId: id, address }),
    });
    const d = (await res.json().catch(() => ({}))) as Deposit & { error?: string };
    // The notary names a refusal first (`wrong_sender: …`).
    if (!res.ok) throw new Error(`The notary did not credit ${id}: ${d.error ?? res.statusText}`);
    say("claim", "ok", `Credited ${units(BigInt(d.nativeAmount), n.symbol, n.decimals)} from ${id}: find the deposit to claim it.`);
    await showHistory();
  } catch (e) {
    fail("claim", e);
  }
}

/** Lists the address's stakes, claims and unstakes, and what it may
 * still claim. */
async function showHistory(): Promise<void> {
  try {
    const n = claimNetwork();
    const address = claimAddress();
    const h = await notary<History>(`/v1/history?network=${encodeURIComponent(n.name)}&address=${encodeURIComponent(address)}`);
    setText("history-claimable", units(BigInt(h.claimable), n.symbol, n.decimals));
    const rows = el("history-rows");
    rows.replaceChildren(
      ...h.entries.map((entry) => {
        const tr = document.createElement("tr");
        tr.dataset.type = entry.type;
        tr.dataset.status = entry.status;
        for (const cell of [entry.type, entry.status, units(BigInt(entry.nativeAmount), n.symbol, n.decimals), entry.extrinsicId ?? ""]) {
          const td = document.createElement("td");
          td.textContent = cell;
          tr.append(td);
        }
        return tr;
      }),
    );
    el("history").hidden = false;
  } catch (e) {
    fail("claim", e);
  }
}

/** Signs the notary's text with the depositing account in a Substrate
 * wallet extension (polkadot.js and those with its injection API), and
 * fills in the signature and its scheme. */
async function signWithExtension(): Promise<void> {
  try {
    if (!deposit?.message) throw new Error("Find the deposit first.");
    const account = bytesToHex(decodeSs58(deposit.address).account);
    for (const [name, extension] of Object.entries(window.injectedWeb3 ?? {})) {
      const injected = await extension.enable("Liquid staking");
      const accounts = await injected.accounts.get();
      // The extension may list the account under another network's prefix.
      const mine = accounts.find((a) => {
        try {
          return bytesToHex(decodeSs58(a.address).account) === account;
        } catch {
          return false;
        }
      });
      if (!mine || !injected.signer.signRaw) continue;
      const { signature } = await injected.signer.signRaw({ address: mine.address, data: stringToHex(deposit.message), type: "bytes" });
      input("claim-signature").value = signature;
      select("claim-scheme").value = mine.type === "ed25519" ? "ed25519" : "sr25519";
      say("claim", "ok", `Signed with ${name}: ask the notary for the claim.`);
      return;
    }
    throw new Error(`No wallet extension holds ${deposit.address}, the account the deposit came from.`);
  } catch (e) {
    fail("claim", e);
  }
}

async function requestClaim(): Promise<void> {
  try {
    if (!wallet) throw new Error("Connect an account first.");
    const signature = input("claim-signature").value.trim();
    if (!/^0x[0-9a-fA-F]{128}$/.test(signature)) throw new Error("The signature is 64 bytes in hex: 0x followed by 128 digits.");
    claim = await notary<ClaimReply>("/v1/claims", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        network: claimNetwork().name,
        extrinsicId: input("claim-deposit").value.trim(),
        ethAddress: wallet.account.address,
        signatureType: select("claim-scheme").value,
        signature,
        amount: claimAmount().toString(),
      }),
    });
    const expires = new Date(claim.claim.expiresTimestamp * 1000).toISOString().slice(0, 16).replace("T", " ");
    setText("claim-status", `${claim.claim.status}, ${claim.claim.data.amount} ${claimNetwork().bond}, usable until ${expires} UTC`);
    el("claim-submit").hidden = claim.claim.status !== "ACTIVE";
    say("claim", "ok", `The notary issued claim ${claim.claim.data.claimId.slice(0, 10)}… (${claim.claim.status}).`);
  } catch (e) {
    fail("claim", e);
  }
}

async function submitClaim(): Promise<void> {
  try {
    if (!claim) throw new Error("Request a claim first.");
    const d = claim.claim.data;
    await send("claim", "Claim", {
      address: addr("PolkadotPool"),
      abi: polkadotPoolAbi,
      functionName: "claimBonds",
      args: [claim.tokenAddress, BigInt(d.claimId), parseUnits(d.amount, 18), BigInt(d.claimBeforeBlock), d.ethAddress, d.signature],
    });
    el("claim-submit").hidden = true;
    say("claim", "ok", `Claimed ${d.amount} ${claimNetwork().bond}.`);
  } catch (e) {
    fail("claim", e);
  }
}

async function burn(): Promise<void> {
  try {
    const bond = select("burn-token").value;
    const n = config.networks.find((x) => x.bond === bond);
    if (!n) throw new Error("Choose a bond token.");
    const amount = parseAmount(input("burn-amount").value);
    const recipient = input("burn-recipient").value.trim();
    checkAddress(recipient, n.prefix, n.name[0]!.toUpperCase() + n.name.slice(1));
    await send("burn", `Burn ${bond}`, {
      address: addr("PolkadotPool"),
      abi: polkadotPoolAbi,
      functionName: "burnBond",
      args: [addr(bond), amount, stringToHex(recipient)],
    });
    say("burn", "ok", `Burned ${units(amount, bond)}: the ${n.symbol} go to ${recipient} once the operator pays them on ${n.name}.`);
  } catch (e) {
    fail("burn", e);
  }
}

// -------------------------------------------------------------------- start

async function main(): Promise<void> {
  config = (await (await fetch("/config.json")).json()) as Config;
  chain = defineChain({
    id: config.chainId,
    name: `${config.network} (${config.platform})`,
    nativeCurrency: { name: "AVAX", symbol: "AVAX", decimals: 18 },
    rpcUrls: { default: { http: [config.rpcUrl] } },
  });
  client = createPublicClient({ chain, transport: http(config.rpcUrl) });
  setText("network", `${config.network} · ${config.platform === "ink" ? "ink! (pallet-revive)" : "Arbitrum Stylus"} · chain ${config.chainId}`);

  const accounts = select("account-select");
  const option = (value: string, text: string) => {
    const o = document.createElement("option");
    o.value = value;
    o.textContent = text;
    accounts.append(o);
  };
  if (window.ethereum) option("injected", "Browser wallet");
  discoverWallets(option, (value) => {
    for (const o of Array.from(accounts.options)) if (o.value === value) o.remove();
  });
  config.devAccounts.forEach((a, i) => option(String(i), `Dev account ${i} · ${a.address.slice(0, 8)}…`));
  if (accounts.options.length === 0) option("injected", "Browser wallet (none installed)");
  // The users of the local chains are accounts 5 to 9; start on the first.
  if (config.devAccounts.length > 5) accounts.value = "5";
  for (const n of config.networks) {
    const o = document.createElement("option");
    o.value = n.name;
    o.textContent = `${n.name[0]!.toUpperCase()}${n.name.slice(1)} (${n.symbol})`;
    select("claim-network").append(o);
  }

  el("connect").onclick = () => void connect();
  el("stake-certs").onclick = () => void stake(false);
  el("stake-bonds").onclick = () => void stake(true);
  el("unstake-button").onclick = () => void unstake();
  el("claim-fetch").onclick = () => void fetchDeposit();
  el("claim-credit").onclick = () => void creditTransfer();
  input("claim-amount-input").onchange = () => void refreshMessage();
  el("claim-history").onclick = () => void showHistory();
  select("claim-network").onchange = () => showDepositAddress();
  showDepositAddress();
  el("claim-extension").onclick = () => void signWithExtension();
  el("claim-request").onclick = () => void requestClaim();
  el("claim-submit").onclick = () => void submitClaim();
  el("burn-button").onclick = () => void burn();

  await refresh();
  client.watchBlockNumber({ onBlockNumber: () => void refresh(), pollingInterval: 1000 });
}

main().catch((e) => fail("chain", e, " (starting the page)"));
