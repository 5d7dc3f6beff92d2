// The staking page in a real browser: headless Chromium (Debian's
// chromium and chromium-driver) driven over WebDriver by selenium-webdriver,
// against the page `scripts/page.sh --test` serves over a fresh local node
// with the keeper and the notary running. Plays a user: a stake below the
// minimum is refused by name and changes nothing; a stake through an
// injected wallet (EIP-1193) goes through; a stake shows in the
// balance; an unstake shows as a queued request; the keeper serves it at
// the period's end; the user withdraws it; a KSM deposit is claimed through
// the notary (the user signs the notary's text with her ed25519 key); a
// mistyped and a wrong-network address are refused before sending; a burn
// to her Kusama address goes through; a real KSM transfer on the local
// relay chain is credited from the chain by its extrinsic id and listed in
// the history (another address's claim to it refused by name); and as
// epochs pass the chart draws
// each reported ratio. Screenshots of each step go to
// $SHOTS. Exits non-zero on the first check that fails.
//
// Bundled by scripts/page.sh (esbuild, for Node) with the page's own SS58
// code; selenium-webdriver is resolved from NODE_PATH.
import { Builder, By, until } from "selenium-webdriver";
import chrome from "selenium-webdriver/chrome.js";
import { ed25519 } from "@noble/curves/ed25519";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { encodeSs58 } from "../src/ss58";
import { ApiPromise, WsProvider, Keyring } from "@polkadot/api";
import { cryptoWaitReady } from "@polkadot/util-crypto";

const env = (name) => {
  const v = process.env[name];
  if (!v) throw new Error(`set ${name}`);
  return v;
};
const PAGE = env("PAGE_URL");
const RPC = env("RPC_URL");
const SHOTS = env("SHOTS");
const PERIOD = Number(env("PERIOD"));
const USER = 5; // the first user dev account
const WAIT = 180_000; // generous: the keeper and the node share two cores with CI

let shot = 0;
const log = (text) => console.log(`[browser] ${text}`);

async function rpc(method, params = []) {
  const res = await fetch(RPC, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
  });
  const body = await res.json();
  if (body.error) throw new Error(`${method}: ${body.error.message}`);
  return body.result;
}

function check(ok, what) {
  if (!ok) throw new Error(`check failed: ${what}`);
  log(`check: ${what}`);
}

async function main() {
  const options = new chrome.Options()
    .setChromeBinaryPath(process.env.CHROMIUM ?? "/usr/bin/chromium")
    .addArguments(
      "--headless=new",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-dev-shm-usage",
      "--disable-background-networking",
      "--disable-extensions",
      "--no-first-run",
      "--window-size=1280,2200",
    );
  const service = new chrome.ServiceBuilder(process.env.CHROMEDRIVER ?? "/usr/bin/chromedriver");
  const driver = await new Builder().forBrowser("chrome").setChromeOptions(options).setChromeService(service).build();
  try {
    await play(driver);
  } catch (e) {
    await screenshot(driver, "failure").catch(() => {});
    const logs = await driver.executeScript("return document.querySelectorAll('.result')").then(
      (els) => Promise.all(els.map(async (x) => `${await x.getAttribute("data-kind")}: ${await x.getText()}`)),
      () => [],
    );
    console.error(`[browser] the page's messages:\n  ${logs.join("\n  ")}`);
    throw e;
  } finally {
    await driver.quit();
  }
}

async function screenshot(driver, name) {
  shot += 1;
  const file = join(SHOTS, `${String(shot).padStart(2, "0")}-${name}.png`);
  writeFileSync(file, await driver.takeScreenshot(), "base64");
  log(`screenshot ${file}`);
}

async function play(driver) {
  const byId = (id) => driver.findElement(By.id(id));
  const text = async (id) => (await byId(id).getText()).trim();
  const result = (section) => driver.findElement(By.css(`#${section} .result`));
  const type = async (id, value) => {
    const e = await byId(id);
    await e.clear();
    await e.sendKeys(value);
  };
  const choose = (id, value) => driver.findElement(By.css(`#${id} option[value="${value}"]`)).click();
  const until_ = (what, f) => driver.wait(f, WAIT, `timed out: ${what}`);
  /** Waits for the section's result to be of `kind` and returns its text. */
  const outcome = async (section, kind) => {
    await until_(`${section} result ${kind}`, async () => {
      const k = await result(section).getAttribute("data-kind");
      if (kind !== "error" && k === "error") throw new Error(`${section}: ${await result(section).getText()}`);
      return k === kind;
    });
    return result(section).getText();
  };
  const waitText = (id, want) => until_(`#${id} = ${want}`, async () => (await text(id)) === want);
  /** Stakes `avax` for ankrAVAX (`bonds`: aAVAXb) and waits for the
   * token's balance to read `balance`. */
  const stake = async (avax, bonds, balance) => {
    const token = bonds ? "aAVAXb" : "ankrAVAX";
    await type("stake-amount", avax);
    await byId(bonds ? "stake-bonds" : "stake-certs").click();
    await outcome("stake", "ok");
    await waitText(`bal-${token}`, `${balance} ${token}`);
    check(true, `${avax} AVAX staked: the page shows ${balance} ${token}`);
  };

  // An injected wallet (EIP-1193 `window.ethereum`, installed before the
  // page's scripts run, as an extension's is) holding dev account 6. Like a
  // user's, it starts on another chain (Ethereum's) and its user declines
  // the first prompt; it answers its account, switches chains when asked,
  // and passes everything else to the node, which signs
  // `eth_sendTransaction` for its dev accounts.
  const wallet = (await rpc("eth_accounts"))[6];
  // The user's relay-chain key (ed25519) and her Substrate wallet
  // extension (polkadot.js's injection API) holding it under the generic
  // prefix, as extensions list accounts; it signs in the page with
  // WebCrypto's Ed25519, wrapping the text in <Bytes>…</Bytes> as
  // polkadot.js's signRaw does.
  const secret = new Uint8Array(32).fill(0x51);
  const publicKey = ed25519.getPublicKey(secret);
  const kusama = encodeSs58(2, publicKey);
  const jwk = { kty: "OKP", crv: "Ed25519", d: Buffer.from(secret).toString("base64url"), x: Buffer.from(publicKey).toString("base64url") };
  await driver.sendDevToolsCommand("Page.addScriptToEvaluateOnNewDocument", {
    source: `window.injectedWeb3 = { "test-wallet": { version: "1", async enable() { return {
      accounts: { async get() { return [{ address: "${encodeSs58(42, publicKey)}", type: "ed25519", name: "depositor" }]; } },
      signer: { async signRaw({ data }) {
        const key = await crypto.subtle.importKey("jwk", ${JSON.stringify(jwk)}, { name: "Ed25519" }, false, ["sign"]);
        const text = new TextEncoder();
        const bytes = data.slice(2).match(/../g).map((h) => parseInt(h, 16));
        const wrapped = new Uint8Array([...text.encode("<Bytes>"), ...bytes, ...text.encode("</Bytes>")]);
        const signature = new Uint8Array(await crypto.subtle.sign("Ed25519", key, wrapped));
        return { id: 1, signature: "0x" + Array.from(signature, (b) => b.toString(16).padStart(2, "0")).join("") };
      } },
    }; } } };`,
  });
  // What the test wallets send on to the node (it signs for its dev
  // accounts), defined before either wallet's script.
  await driver.sendDevToolsCommand("Page.addScriptToEvaluateOnNewDocument", {
    source: `window.forwardToNode = async (method, params) => {
      const res = await fetch("${RPC}", { method: "POST", headers: { "content-type": "application/json" },
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params: params ?? [] }) });
      const body = await res.json();
      if (body.error) throw Object.assign(new Error(body.error.message), body.error);
      return body.result;
    };`,
  });
  await driver.sendDevToolsCommand("Page.addScriptToEvaluateOnNewDocument", {
    source: `let declined = false, chainId = "0x1";
    window.walletSwitchedTo = null;
    window.ethereum = {
      async request({ method, params }) {
        if (method === "eth_requestAccounts" && !declined) {
          declined = true;
          throw Object.assign(new Error("User rejected the request."), { code: 4001 });
        }
        if (method === "eth_requestAccounts" || method === "eth_accounts") return ["${wallet}"];
        if (method === "eth_chainId") return chainId;
        if (method === "wallet_switchEthereumChain") {
          chainId = params[0].chainId;
          window.walletSwitchedTo = chainId;
          return null;
        }
        return forwardToNode(method, params);
      },
      on() {}, removeListener() {},
    };`,
  });

  // A second wallet that only announces itself by EIP-6963 (no
  // window.ethereum), holding dev account 7 and already on the node's chain.
  const wallet6963 = (await rpc("eth_accounts"))[7];
  const nodeChain = await rpc("eth_chainId");
  await driver.sendDevToolsCommand("Page.addScriptToEvaluateOnNewDocument", {
    source: `(() => {
    const provider = {
      async request({ method, params }) {
        if (method === "eth_requestAccounts" || method === "eth_accounts") return ["${wallet6963}"];
        if (method === "eth_chainId") return "${nodeChain}";
        return forwardToNode(method, params);
      },
      on() {}, removeListener() {},
    };
    const info = { uuid: "test-6963", name: "Test 6963 Wallet", icon: "data:image/svg+xml,<svg/>", rdns: "org.example.test" };
    const announce = () => window.dispatchEvent(new CustomEvent("eip6963:announceProvider", { detail: Object.freeze({ info, provider }) }));
    window.addEventListener("eip6963:requestProvider", announce);
    announce();
  })();`,
  });

  await driver.get(PAGE);
  await driver.wait(until.elementLocated(By.css('#app[data-ready="true"]')), WAIT, "the page did not load the chain");
  log(`page loaded: ${await text("network")}`);

  // The browser wallet: a declined prompt is said so; then connect (the
  // page has the wallet switch to the node's chain) and stake through it.
  await choose("account-select", "injected");
  await byId("connect").click();
  const declined = await outcome("connection", "error");
  check(/declined/.test(declined), `a declined wallet prompt shows "${declined}"`);
  await byId("connect").click();
  await until_("the wallet connected", async () => (await text("account")).toLowerCase() === wallet.toLowerCase());
  const switched = await driver.executeScript("return window.walletSwitchedTo");
  check(Number(switched) === Number(await rpc("eth_chainId")), `the page had the wallet switch to the node's chain (${switched})`);
  await waitText("bal-ankrAVAX", "0 ankrAVAX");
  await stake("1", false, "1");
  await screenshot(driver, "browser-wallet");

  // The wallet found by EIP-6963 is listed by its name and connects.
  const listed = await driver.executeScript(
    "return Array.from(document.getElementById('account-select').options).map((o) => o.value + '=' + o.textContent)",
  );
  check(listed.includes("wallet:test-6963=Test 6963 Wallet (browser wallet)"), `the EIP-6963 wallet is listed (${listed.join(", ")})`);
  await choose("account-select", "wallet:test-6963");
  await byId("connect").click();
  await until_("the EIP-6963 wallet connected", async () => (await text("account")).toLowerCase() === wallet6963.toLowerCase());
  check(true, `connected through the wallet EIP-6963 announced (${wallet6963})`);

  // Connect the dev account (users are accounts 5-9).
  await choose("account-select", String(USER));
  await byId("connect").click();
  await until_("connected", async () => (await text("account")).startsWith("0x"));
  const me = await text("account");
  await waitText("bal-ankrAVAX", "0 ankrAVAX");
  log(`connected as ${me}`);
  await screenshot(driver, "connected");

  // A stake below the minimum: the named error, nothing sent.
  const nonce = await rpc("eth_getTransactionCount", [me, "latest"]);
  const native = await text("bal-native");
  await type("stake-amount", "0.5");
  await byId("stake-certs").click();
  const refused = await outcome("stake", "error");
  check((await result("stake").getAttribute("data-error")) === "StakeBelowMinimum", `a 0.5 AVAX stake shows "${refused}"`);
  check(/minimum/.test(refused), "the message says what the minimum is");
  check((await rpc("eth_getTransactionCount", [me, "latest"])) === nonce, "nothing was sent");
  check((await text("bal-native")) === native && (await text("bal-ankrAVAX")) === "0 ankrAVAX", "the balances did not change");
  await screenshot(driver, "stake-below-minimum");

  // Stake 3 AVAX for ankrAVAX: the balance changes.
  await stake("3", false, "3");
  // And 100 for aAVAXb (what the validator earns on it shows later).
  await stake("100", true, "100");
  await screenshot(driver, "staked");

  // Unstake 1 ankrAVAX: a request in the queue.
  await choose("unstake-token", "ankrAVAX");
  await type("unstake-amount", "1");
  await byId("unstake-button").click();
  const queued = await outcome("unstake", "ok");
  const id = /#(\d+)/.exec(queued)?.[1];
  check(id !== undefined, `the unstake queued a request: "${queued}"`);
  // The request's row, read in one script (a refresh may rebuild it).
  const row = () =>
    driver.executeScript(
      `const r = document.querySelector('#requests-body tr[data-id="${id}"]');
       return r && { status: r.dataset.status, where: r.querySelector('.status').textContent };`,
    );
  const rowStatus = async () => (await row())?.status;
  await until_("the request row", async () => (await rowStatus()) === "pending");
  check(/in the queue/.test((await row()).where), `the request shows its place: "${(await row()).where}"`);
  await waitText("bal-ankrAVAX", "2 ankrAVAX");
  await screenshot(driver, "unstaked");

  // The period ends: the keeper serves the queue (and leaves the request
  // for its owner: it runs with --no-push).
  await rpc("evm_increaseTime", [PERIOD + 1]);
  await rpc("evm_mine");
  await until_("the keeper served the request", async () => (await rowStatus()) === "claimable");
  check(true, `the keeper served request #${id}: claimable`);
  await waitText("staked", "103 AVAX");
  check(true, "the keeper collected the rest: 103 AVAX staked in validators");
  await screenshot(driver, "claimable");

  // Withdraw: the AVAX come back.
  const before = BigInt(await rpc("eth_getBalance", [me, "latest"]));
  await driver.findElement(By.css(`#requests-body tr[data-id="${id}"] button.withdraw`)).click();
  await outcome("requests", "ok");
  await until_("the request is paid", async () => (await rowStatus()) === "paid");
  const after = BigInt(await rpc("eth_getBalance", [me, "latest"]));
  // The local nodes charge no fee: the balance grows by the request's AVAX.
  check(after - before === 10n ** 18n, "withdrawn: the account holds 1 AVAX more");
  await screenshot(driver, "withdrawn");

  // KSM and DOT: the watcher reports a deposit from the user's account;
  // she finds it at the notary, signs its text — with her wallet extension,
  // or elsewhere and pastes the signature — asks for the claim and submits
  // it.
  const claim = async (network, id, planck, shown, how) => {
    const prefix = network === "kusama" ? 2 : 0;
    const report = await fetch(new URL("/v1/deposits", PAGE), {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${env("LST_WATCHER_TOKEN")}` },
      body: JSON.stringify({ network, extrinsicId: id, nativeAmount: planck, address: encodeSs58(prefix, publicKey) }),
    });
    check(report.status === 201, `the watcher reported a ${shown} deposit`);
    await choose("claim-network", network);
    await type("claim-deposit", id);
    await byId("claim-fetch").click();
    await outcome("claim", "ok");
    // The result of the previous claim may still read "ok" when the fetch
    // was only sent: wait for this deposit's amount rather than read it.
    await waitText("claim-amount", shown);
    check(true, `the page shows the deposit's ${shown}`);
    await waitText("claim-max", shown);
    check(true, `all of it is claimable: ${shown}`);
    check(`${await byId("claim-amount-input").getAttribute("value")} ${shown.split(" ")[1]}` === shown, "the claim takes the maximum by default");
    if (how === "extension") {
      await byId("claim-extension").click();
      await until_("signed by the extension", async () => /^Signed with test-wallet/.test(await result("claim").getText()));
      check((await byId("claim-scheme").getAttribute("value")) === "ed25519", "the extension signed it (ed25519, <Bytes>-wrapped)");
    } else {
      const message = await byId("claim-message").getText();
      const signature = Buffer.from(ed25519.sign(new TextEncoder().encode(message), secret)).toString("hex");
      await choose("claim-scheme", "ed25519");
      await type("claim-signature", `0x${signature}`);
    }
    await byId("claim-request").click();
    await until_("the notary's claim", async () => (await text("claim-status")).startsWith("ACTIVE"));
    await byId("claim-submit").click();
    await until_("claimed", async () => /^Claimed/.test(await result("claim").getText()));
  };
  await claim("kusama", "2000-1", "2500000000000", "2.5 KSM", "extension");
  await waitText("bal-aKSMb", "2.5 aKSMb");
  check(true, "the claim minted 2.5 aKSMb");
  await claim("polkadot", "3000-4", "15000000000", "1.5 DOT", "paste");
  await waitText("bal-aDOTb", "1.5 aDOTb");
  check(true, "the claim minted 1.5 aDOTb");
  await screenshot(driver, "claimed");

  // Burn back to Kusama: a mistyped address and a Polkadot one are
  // refused before anything is sent, then the real one goes through.
  const nonceBurn = await rpc("eth_getTransactionCount", [me, "latest"]);
  await choose("burn-token", "aKSMb");
  await type("burn-amount", "1");
  const typo = kusama.slice(0, 10) + (kusama[10] === "a" ? "b" : "a") + kusama.slice(11);
  await type("burn-recipient", typo);
  await byId("burn-button").click();
  await outcome("burn", "error");
  const typoError = await result("burn").getAttribute("data-error");
  check(typoError === "Ss58BadChecksum" || typoError === "Ss58InvalidCharacter", `a mistyped address is refused: ${typoError}`);
  await type("burn-recipient", encodeSs58(0, publicKey));
  await byId("burn-button").click();
  await until_("wrong network", async () => (await result("burn").getAttribute("data-error")) === "WrongNetwork");
  check((await rpc("eth_getTransactionCount", [me, "latest"])) === nonceBurn, "nothing was sent for either");
  await screenshot(driver, "burn-refused");
  await type("burn-recipient", kusama);
  await byId("burn-button").click();
  await outcome("burn", "ok");
  await waitText("bal-aKSMb", "1.5 aKSMb");
  check(true, "1 aKSMb burned to the Kusama address");
  await screenshot(driver, "burned");

  // The relay chain: a real signed transfer of 3 KSM (polkadot.js, //Dave)
  // to the deposit address the page shows; the page asks the notary to
  // credit it by its extrinsic id and lists the history; the same transfer
  // claimed by another address is refused by name.
  await cryptoWaitReady();
  const relay = await ApiPromise.create({ provider: new WsProvider(env("RELAY_URL")), noInitWarn: true });
  const keyring = new Keyring({ type: "sr25519", ss58Format: 2 });
  const dave = keyring.addFromUri("//Dave");
  const eve = keyring.addFromUri("//Eve");
  const config = await (await fetch(new URL("/config.json", PAGE))).json();
  const depositAddress = config.depositAddresses.kusama;
  await choose("claim-network", "kusama");
  check((await text("claim-deposit-address")).includes(depositAddress), "the page shows the Kusama deposit address");
  const extrinsicId = await new Promise((resolve, reject) => {
    relay.tx.balances
      .transferKeepAlive(depositAddress, 3_000_000_000_000n)
      .signAndSend(dave, async ({ status, txIndex, dispatchError }) => {
        if (dispatchError) return reject(new Error(dispatchError.toString()));
        if (status.isFinalized) {
          const header = await relay.rpc.chain.getHeader(status.asFinalized);
          resolve(`${header.number.toNumber()}-${txIndex}`);
        }
      })
      .catch(reject);
  });
  await relay.disconnect();
  log(`//Dave sent 3 KSM to the deposit address: extrinsic ${extrinsicId}`);
  await type("claim-deposit", extrinsicId);
  await type("claim-address", eve.address);
  await byId("claim-credit").click();
  await outcome("claim", "error");
  check((await result("claim").getText()).includes("wrong_sender"), "another address's claim to the transfer is refused: wrong_sender");
  await type("claim-address", dave.address);
  // The refusal above is still shown when the click is made: wait for it
  // to be replaced before reading the new outcome (an earlier run read the
  // old "error" kind beside the new text).
  const refusal = await result("claim").getText();
  await byId("claim-credit").click();
  await until_("the refusal replaced", async () => (await result("claim").getText()) !== refusal);
  await outcome("claim", "ok");
  check((await result("claim").getText()).startsWith("Credited 3 KSM"), "the notary credited the 3 KSM it found on chain");
  await until_("the history", async () => (await driver.findElements(By.css("#history-rows tr"))).length > 0);
  const stakeRow = await driver.findElement(By.css("#history-rows tr"));
  const [stakeType, stakeStatus] = [await stakeRow.getAttribute("data-type"), await stakeRow.getAttribute("data-status")];
  check(stakeType === "STAKE" && stakeStatus === "CLAIMABLE", "the history lists the STAKE, claimable");
  check((await text("history-claimable")) === "3 KSM", "3 KSM are claimable");
  await screenshot(driver, "relay-history");

  // The ratio's history: the delegator's validator joined the set; as
  // hours pass, epochs end, it earns, the keeper reports the measured
  // rewards, and the chart draws each of the feed's RatioUpdated.
  const points = () => driver.findElements(By.css("#ratio-chart .ratio-point")).then((p) => p.length);
  const start = await points();
  for (let jumps = 1; (await points()) < start + 3; jumps++) {
    if (jumps > 12) throw new Error(`after ${jumps - 1} half days the chart has ${(await points()) - start} updates, not 3`);
    const before = await points();
    await rpc("evm_increaseTime", [12 * 60 * 60 + 1]);
    await rpc("evm_mine");
    // The keeper's rounds (every 200 ms) end the epoch and report; a half
    // day without a report (the validator's first epoch) moves on.
    await driver.wait(async () => (await points()) > before, 15_000).catch(() => {});
  }
  check(true, "the chart draws three RatioUpdated events");
  const ratioNow = Number(await text("ratio"));
  check(ratioNow < 1, `the ratio went down: ${ratioNow} ankrAVAX per AVAX`);
  const bonds = Number((await text("bal-aAVAXb")).split(" ")[0]);
  check(bonds > 100, `the aAVAXb balance grew: ${bonds}`);
  await screenshot(driver, "history");
}

main().then(
  () => log("ok"),
  (e) => {
    console.error("[browser] FAILED:", e);
    process.exit(1);
  },
);
