//! `lst-demo`: plays the suite's lifecycle as three users against a
//! deployed suite with its keeper and notary running (`scripts/demo.sh`
//! starts them all), printing a table after every step and checking what
//! each step must do. Exits non-zero when a check fails.
//!
//! ```text
//! lst-demo --rpc-url URL --manifest deployments/demo.json --notary URL --period-secs N
//!          --relay-url ws://… --deposit-address SS58
//! ```
#![allow(clippy::print_stdout, clippy::print_stderr)]

use alloy::primitives::{Address, Bytes, U256};
use clap::Parser;
use lst_backend::notary::{ClaimReply, DepositReply};
use lst_client::{
    abi::{
        IAvalancheDelegator as Delegator, IAvalanchePool as Pool, IBondToken as Bond, ICertToken as Cert,
        IPolkadotPool as DotPool, IRateProvider as Feed, IStaking as Staking,
    },
    Chain, ChainExt, Rpc,
};
use lst_core::ss58;
use lst_deploy::Manifest;
use std::{
    process::ExitCode,
    time::{Duration, Instant},
};

#[derive(Parser)]
struct Args {
    /// The local node's JSON-RPC endpoint (`lst-node`, either platform).
    #[arg(long)]
    rpc_url: String,
    /// The deployment.
    #[arg(long)]
    manifest: std::path::PathBuf,
    /// The notary's base URL.
    #[arg(long)]
    notary: String,
    /// The keeper's period (the demo moves the clock by it).
    #[arg(long)]
    period_secs: u64,
    /// The local relay chain (`lst-node --platform relay`), WebSocket.
    #[arg(long)]
    relay_url: String,
    /// The KSM deposit address (the relay service's stash), SS58.
    #[arg(long)]
    deposit_address: String,
}

/// One KSM in planck.
const KSM: u128 = 1_000_000_000_000;

/// The local relay chain, as the demo watches it.
struct Relay {
    client: lst_backend::relay::RelayClient,
    runtime: tokio::runtime::Runtime,
    deposit: [u8; 32],
}

impl Relay {
    fn connect(args: &Args) -> Res<Self> {
        let runtime = tokio::runtime::Runtime::new().map_err(e)?;
        let client =
            runtime.block_on(lst_backend::relay::RelayClient::connect(&args.relay_url, "kusama", 2)).map_err(e)?;
        let deposit = ss58::decode(args.deposit_address.as_bytes()).map_err(|x| x.name().to_owned())?.account_id;
        Ok(Self { client, runtime, deposit })
    }

    fn free(&self, who: &[u8; 32]) -> Res<u128> {
        Ok(self.runtime.block_on(self.client.balance(who)).map_err(e)?.free)
    }

    /// The stash's (bonded, unbonding).
    fn ledger(&self) -> Res<(u128, u128)> {
        let l = self.runtime.block_on(self.client.ledger(&self.deposit)).map_err(e)?.unwrap_or_default();
        Ok((l.active, l.unlocking_total()))
    }

    /// Whether the stash nominates.
    fn nominated(&self) -> Res<bool> {
        Ok(!self.runtime.block_on(self.client.nominations(&self.deposit)).map_err(e)?.is_empty())
    }

    /// Everything the stash holds: bonded, unbonding, free.
    fn total(&self) -> Res<u128> {
        let (bonded, unbonding) = self.ledger()?;
        Ok(bonded + unbonding + self.free(&self.deposit)?)
    }

    fn transfer(&self, from: &subxt_signer::sr25519::Keypair, to: &[u8; 32], amount: u128) -> Res<String> {
        self.runtime.block_on(async {
            let nonce = self.client.balance(&from.public_key().0).await.map_err(e)?.nonce;
            let args = vec![lst_backend::relay::multi_address(to), subxt::dynamic::Value::u128(amount)];
            let signed =
                self.client.sign(from, "Balances", "transfer_keep_alive", args, u64::from(nonce)).await.map_err(e)?;
            self.client.submit(&signed.bytes).await.map_err(e)?;
            let best = self.client.best().await.map_err(e)?;
            let found = self.client.find_included(&signed.hash, signed.birth, best).await.map_err(e)?;
            Ok(found.ok_or("the transfer is in no block")?.0)
        })
    }

    /// Seals `n` eras of blocks on the local relay chain.
    fn eras(&self, n: u32) -> Res<()> {
        self.runtime.block_on(self.client.dev_new_blocks(10 * n)).map_err(e)
    }

    /// Waits (up to a minute) for `done`.
    fn wait(&self, what: &str, done: impl Fn() -> Res<bool>) -> Res<()> {
        let until = Instant::now() + Duration::from_secs(60);
        while Instant::now() < until {
            if done()? {
                println!("  ok: {what}");
                return Ok(());
            }
            std::thread::sleep(Duration::from_millis(200));
        }
        Err(format!("timed out: {what}"))
    }

    fn table(&self, who: &[u8; 32], title: &str) -> Res<()> {
        let k = |v: u128| format!("{}.{:06}", v / KSM, (v % KSM) / 1_000_000);
        let (bonded, unbonding) = self.ledger()?;
        println!("\n  relay chain: {title}");
        println!("  | account            | free KSM          | bonded KSM   | unbonding KSM |");
        println!("  | carol (//Dave)     | {:>17} | {:>12} | {:>13} |", k(self.free(who)?), "-", "-");
        println!(
            "  | deposit (stash)    | {:>17} | {:>12} | {:>13} |",
            k(self.free(&self.deposit)?),
            k(bonded),
            k(unbonding)
        );
        Ok(())
    }
}

const WEI: u128 = 1_000_000_000_000_000_000;

fn avax(n: u64) -> U256 {
    U256::from(n) * U256::from(WEI)
}

/// `12.345678` (six decimals) for an 18-decimal amount.
fn fmt(v: U256) -> String {
    let micro = v / U256::from(1_000_000_000_000u64);
    let (int, frac) = (micro / U256::from(1_000_000u64), micro % U256::from(1_000_000u64));
    format!("{int}.{:06}", frac.to::<u64>())
}

type Res<T> = Result<T, String>;

fn e(x: impl std::fmt::Display) -> String {
    x.to_string()
}

struct Demo {
    chain: Rpc,
    m: Manifest,
    users: [(&'static str, Address); 3],
    args: Args,
    step: usize,
    http: reqwest::blocking::Client,
}

impl Demo {
    fn addr(&self, name: &str) -> Res<Address> {
        self.m.address(name)
    }

    fn check(&self, ok: bool, what: &str) -> Res<()> {
        if ok {
            println!("  check: {what}");
            Ok(())
        } else {
            Err(format!("step {}: {what} does not hold", self.step))
        }
    }

    /// Prints the state after a step.
    fn table(&mut self, title: &str) -> Res<()> {
        self.step += 1;
        let (pool, feed, cert, bond, ksm) = (
            self.addr("AvalanchePool")?,
            self.addr("RateProvider")?,
            self.addr("ankrAVAX")?,
            self.addr("aAVAXb")?,
            self.addr("aKSMb")?,
        );
        let c = &mut self.chain;
        let ratio = c.view(feed, Feed::getRatioForCall { token: cert }).map_err(e)?;
        let pooled = c.view(pool, Pool::totalPooledAvaxCall {}).map_err(e)?;
        let q = c.view(pool, Pool::queueBoundsCall {}).map_err(e)?;
        let pool_balance = c.balance(pool).map_err(e)?;
        let treasury = c.view(cert, Cert::balanceOfCall { account: self.m.roles.treasury }).map_err(e)?;
        let staking = self.m.address("Staking")?;
        let validators = self.validators()?;
        let stake = validators.iter().fold((U256::ZERO, U256::ZERO), |t, v| (t.0 + v.1, t.1 + v.2));
        let c = &mut self.chain;
        let epoch = c.view(staking, Staking::epochInfoCall {}).map_err(e)?._0;
        println!("\n== step {}: {title}", self.step);
        println!(
            "ratio {}  pooled {} AVAX  pool balance {}  queue head/served/tail {}/{}/{}  treasury {} ankrAVAX",
            fmt(ratio),
            fmt(pooled),
            fmt(pool_balance),
            q._0,
            q._1,
            q._2,
            fmt(treasury),
        );
        println!(
            "delegated to Staking: {} AVAX staked, {} AVAX unlocking or withdrawable  (epoch {epoch})",
            fmt(stake.0),
            fmt(stake.1)
        );
        for (i, (_, staked, unlocking)) in validators.iter().enumerate() {
            println!(
                "  validator {}: {} AVAX staked, {} AVAX unlocking or withdrawable",
                i + 1,
                fmt(*staked),
                fmt(*unlocking)
            );
        }
        println!("| user  | AVAX          | ankrAVAX    | aAVAXb      | aKSMb       | AVAX in queue |");
        println!("|-------|--------------:|------------:|------------:|------------:|--------------:|");
        for (name, u) in self.users {
            let c = &mut self.chain;
            println!(
                "| {name:<5} | {:>13} | {:>11} | {:>11} | {:>11} | {:>13} |",
                fmt(c.balance(u).map_err(e)?),
                fmt(c.view(cert, Cert::balanceOfCall { account: u }).map_err(e)?),
                fmt(c.view(bond, Bond::balanceOfCall { account: u }).map_err(e)?),
                fmt(c.view(ksm, Bond::balanceOfCall { account: u }).map_err(e)?),
                fmt(c.view(pool, Pool::pendingAvaxClaimsOfCall { claimer: u }).map_err(e)?),
            );
        }
        Ok(())
    }

    /// The AVAX pool's validators, in the delegator's order: each stake
    /// account with its staked (active and pending_active) and unlocking
    /// (inactive and pending_inactive) AVAX; zeros before its first stake.
    fn validators(&mut self) -> Res<Vec<(Address, U256, U256)>> {
        let (staking, delegator) = (self.m.address("Staking")?, self.m.address("AvalancheDelegator")?);
        let accounts = self.chain.view(delegator, Delegator::validatorsCall {}).map_err(e)?;
        let mut out = Vec::new();
        for account in accounts {
            let call = alloy::sol_types::SolCall::abi_encode(&Staking::getStakeCall { pool: account });
            let (staked, unlocking) = self
                .chain
                .call(staking, &call)
                .map_err(e)?
                .ok()
                .and_then(|out| <Staking::getStakeCall as alloy::sol_types::SolCall>::abi_decode_returns(&out).ok())
                .map_or((U256::ZERO, U256::ZERO), |s| (s._0 + s._2, s._1 + s._3));
            out.push((account, staked, unlocking));
        }
        Ok(out)
    }

    /// Moves the clock by `secs` and waits for the keeper to log every one
    /// of `events` on the contracts named `on`.
    fn advance(&mut self, secs: u64, on: &[&str], events: &[&str]) -> Res<()> {
        let from = self.chain.block_number().map_err(e)? + 1;
        self.chain.advance_time(secs).map_err(e)?;
        self.chain.mine(1).map_err(e)?;
        self.wait(from, on, events)
    }

    /// Waits for every one of `events` on the contracts named `on` from
    /// block `from`.
    fn wait(&mut self, from: u64, on: &[&str], events: &[&str]) -> Res<()> {
        let mut contracts = Vec::new();
        for name in on {
            contracts.push(self.addr(name)?);
        }
        let started = Instant::now();
        loop {
            let mut logs = Vec::new();
            for c in &contracts {
                logs.extend(self.chain.logs(*c, from).map_err(e)?);
            }
            let seen = |sig: &str| logs.iter().any(|l| l.topics().first() == Some(&alloy::primitives::keccak256(sig)));
            if events.iter().all(|ev| seen(ev)) {
                return Ok(());
            }
            // Generous: on a 2-core machine the keeper and the devnode share
            // the CPU with whatever else runs (test.sh builds ink! beside it);
            // one run there needed more than 60 s.
            if started.elapsed() > Duration::from_secs(180) {
                return Err(format!("the keeper did not emit {events:?} within 180 s"));
            }
            std::thread::sleep(Duration::from_millis(200));
        }
    }

    fn run(&mut self) -> Res<()> {
        let (pool, feed, cert, bond, ksm, dot_pool) = (
            self.addr("AvalanchePool")?,
            self.addr("RateProvider")?,
            self.addr("ankrAVAX")?,
            self.addr("aAVAXb")?,
            self.addr("aKSMb")?,
            self.addr("PolkadotPool")?,
        );
        let [(_, alice), (_, bob), (_, carol)] = self.users;
        self.table("deployed (deployments manifest verified by lst-deploy)")?;

        // 1. Staking.
        for (user, amount, bonds) in [(alice, 100, false), (bob, 50, true), (carol, 30, false)] {
            let tx = if bonds {
                self.chain.exec(user, pool, avax(amount), Pool::stakeAndClaimBondsCall {})
            } else {
                self.chain.exec(user, pool, avax(amount), Pool::stakeAndClaimCertsCall {})
            };
            self.check(tx.map_err(e)?.success, &format!("{amount} AVAX staked"))?;
        }
        self.table("alice stakes 100 AVAX for ankrAVAX, bob 50 for aAVAXb, carol 30 for ankrAVAX")?;
        let pooled = self.chain.view(pool, Pool::totalPooledAvaxCall {}).map_err(e)?;
        self.check(pooled == avax(180), "180 AVAX pooled")?;

        // 2. The period ends: the keeper collects the stakes in three parts;
        // the delegator stakes each with the least staked of its three
        // validators, and their operator joins them into the set.
        let from = self.chain.block_number().map_err(e)? + 1;
        self.advance(self.args.period_secs + 1, &["AvalanchePool"], &["StakesCollected(address,uint256)"])?;
        self.wait(from, &["Staking"], &["ValidatorStateChanged(address,uint8)"])?;
        self.table("a period ends: the keeper collects the stakes, the delegator spreads them over three validators, they join")?;
        let spread = self.validators()?;
        self.check(
            spread.len() == 3 && spread.iter().all(|v| v.1 == avax(60)),
            "60 AVAX staked with each of the three validators",
        )?;
        let epoch_secs = self.chain.view(self.addr("Staking")?, Staking::stakingConfigCall {}).map_err(e)?._5;

        // 3. Epochs: validators earn by reported performance; the keeper
        // has the delegator measure the growth and report it, within the
        // feed's bound. No reward figure is typed anywhere.
        let ended = "EpochEnded(uint64,uint256,uint256,uint256)";
        let reported = "RewardsReported(uint256,uint256,uint256,uint256)";
        // Whether the validator joined before or after the first epoch ended
        // (the keeper's rounds race the clock), a report follows within two.
        let from = self.chain.block_number().map_err(e)? + 1;
        self.advance(epoch_secs + 1, &["Staking"], &[ended])?;
        self.advance(epoch_secs + 1, &["Staking"], &[ended])?;
        self.wait(from, &["AvalanchePool"], &[reported])?;
        self.table(
            "two epochs: the validators become active, then two earn on 95 of 100 proposals; \
             the third passed 70, under the 80% floor, and earns nothing; the keeper reports it",
        )?;
        let earned = self.validators()?;
        self.check(earned[0].1 > avax(60) && earned[1].1 > avax(60), "validators 1 and 2 earned rewards")?;
        self.check(earned[2].1 == avax(60), "validator 3, under 80%, earned nothing for its epoch")?;
        let bond_before = self.chain.view(bond, Bond::balanceOfCall { account: bob }).map_err(e)?;
        self.advance(12 * 60 * 60, &["AvalanchePool"], &[reported])?;
        self.table("half a day later: another epoch, and the keeper reports the measured rewards (10% fee)")?;
        let ratio = self.chain.view(feed, Feed::getRatioForCall { token: cert }).map_err(e)?;
        self.check(ratio < U256::from(WEI), "the ratio went down: an ankrAVAX is worth more AVAX")?;
        let bond_after = self.chain.view(bond, Bond::balanceOfCall { account: bob }).map_err(e)?;
        self.check(bond_after > bond_before, "bob's aAVAXb balance grew")?;
        let fee = self.chain.view(cert, Cert::balanceOfCall { account: self.m.roles.treasury }).map_err(e)?;
        self.check(fee > U256::ZERO, "the treasury holds the fee as ankrAVAX")?;

        // 4. Unstaking: the keeper unlocks what the queue needs.
        let alice_shares = avax(40);
        let from = self.chain.block_number().map_err(e)? + 1;
        self.chain.ok(alice, pool, Pool::claimCertsCall { shares: alice_shares }).map_err(e)?;
        self.chain.ok(bob, pool, Pool::claimBondsCall { amount: avax(20) }).map_err(e)?;
        self.wait(from, &["AvalancheDelegator"], &["StakesUnlocked(address,uint256)"])?;
        self.table("alice unstakes 40 ankrAVAX, bob 20 aAVAXb: queued; the keeper unlocks stake for them")?;
        let owed_alice = self.chain.view(pool, Pool::pendingAvaxClaimsOfCall { claimer: alice }).map_err(e)?;
        self.check(owed_alice > avax(40), "alice's 40 ankrAVAX are owed more than 40 AVAX")?;

        // 5. The lockup ends: an epoch makes the stake withdrawable, the
        // keeper brings it back, and at the period's end serves and pushes.
        let alice_before = self.chain.balance(alice).map_err(e)?;
        self.advance(
            self.args.period_secs + 1,
            &["AvalancheDelegator", "AvalanchePool"],
            &[
                "StakesWithdrawn(uint256)",
                "ClaimsServed(uint256,uint256,uint256)",
                "ClaimWithdrawn(uint256,address,uint256)",
            ],
        )?;
        // Both pushes are in the same round; wait for the second. Unless
        // the keeper's unlock ran between alice's and bob's claims (two
        // transactions): then only alice's stake was unlocked with hers,
        // bob's request is not served this round, and his stake comes back
        // one period later.
        let started = Instant::now();
        let mut another_round = false;
        while self.chain.view(pool, Pool::pendingAvaxClaimsOfCall { claimer: bob }).map_err(e)? > U256::ZERO {
            if !another_round && started.elapsed() > Duration::from_secs(20) {
                another_round = true;
                let q = self.chain.view(pool, Pool::queueBoundsCall {}).map_err(e)?;
                if q._1 < q._2 {
                    println!("  (bob's claim was queued after the keeper's unlock: one more period)");
                    self.advance(
                        self.args.period_secs + 1,
                        &["AvalanchePool"],
                        &["ClaimsServed(uint256,uint256,uint256)"],
                    )?;
                }
            }
            if started.elapsed() > Duration::from_secs(180) {
                return Err("bob's claim was not pushed within 180 s".into());
            }
            std::thread::sleep(Duration::from_millis(200));
        }
        self.table(
            "the lockup ends: the keeper withdraws the stake, serves the queue in order and pushes the AVAX out",
        )?;
        let got = self.chain.balance(alice).map_err(e)? - alice_before;
        self.check(got == owed_alice, "alice received exactly what she was owed")?;
        let q = self.chain.view(pool, Pool::queueBoundsCall {}).map_err(e)?;
        self.check(q._1 == q._2, "every request is served")?;

        // 6. KSM on the relay chain: carol sends 5 KSM to the deposit
        // address with a signed extrinsic, gives the notary its id, claims
        // aKSMb with her sr25519 signature; the keeper's relay service
        // bonds it and claims the eras' rewards; carol burns 2 aKSMb to her
        // Kusama address and the service unbonds, withdraws and pays.
        let relay = Relay::connect(&self.args)?;
        let carol_key = subxt_signer::sr25519::dev::dave();
        let carol_relay = carol_key.public_key().0;
        let carol_ksm = lst_backend::relay::ss58(&carol_relay, ss58::KUSAMA_PREFIX);
        println!("  carol's Kusama account: {carol_ksm} (//Dave of the dev phrase)");
        relay.table(&carol_relay, "before: the relay chain")?;
        let ksm_before = relay.free(&carol_relay)?;
        let id = relay.transfer(&carol_key, &relay.deposit, 5 * KSM)?;
        println!("  carol's transfer is extrinsic {id}");
        let stake = serde_json::json!({"network": "kusama", "extrinsicId": id, "address": carol_ksm});
        let res = self.http.post(format!("{}/v1/stakes", self.args.notary)).json(&stake).send().map_err(e)?;
        let status = res.status();
        let text = res.text().map_err(e)?;
        self.check(status.as_u16() == 201, "the notary found carol's 5 KSM transfer on chain and credited it")?;
        println!("  notary: {text}");
        let url = format!("{}/v1/deposits/kusama/{id}?ethAddress={carol}", self.args.notary);
        let deposit: DepositReply =
            serde_json::from_str(&self.http.get(url).send().map_err(e)?.text().map_err(e)?).map_err(e)?;
        let message = deposit.message.ok_or("the notary served no message to sign")?;
        let signature = carol_key.sign(message.as_bytes()).0;
        let body = serde_json::json!({
            "network": "kusama",
            "extrinsicId": id,
            "ethAddress": carol.to_string(),
            "signatureType": "sr25519",
            "signature": format!("0x{}", alloy::hex::encode(signature)),
        });
        let res = self.http.post(format!("{}/v1/claims", self.args.notary)).json(&body).send().map_err(e)?;
        let status = res.status();
        let text = res.text().map_err(e)?;
        self.check(status.as_u16() == 201, "the notary issued a claim for carol's signed request")?;
        let claim: ClaimReply = serde_json::from_str(&text).map_err(e)?;
        let d = &claim.claim.data;
        let amount = avax(5);
        let call = DotPool::claimBondsCall {
            bond: ksm,
            claimId: d.claim_id.parse().map_err(e)?,
            amount,
            claimBeforeBlock: U256::from(d.claim_before_block),
            account: carol,
            signature: d.signature.parse::<Bytes>().map_err(e)?,
        };
        self.chain.ok(carol, dot_pool, call).map_err(e)?;
        let status = self.http.get(format!("{}/v1/claims/{}", self.args.notary, d.claim_id)).send().map_err(e)?;
        let after: ClaimReply = serde_json::from_str(&status.text().map_err(e)?).map_err(e)?;
        self.check(after.claim.status == "CLAIMED", "the notary now reports the claim CLAIMED")?;
        self.table("carol claims 5 aKSMb with the notary's signature")?;
        relay.wait("the keeper's relay service bonds the deposit and nominates the validators", || {
            Ok(relay.ledger()?.0 >= 4 * KSM && relay.nominated()?)
        })?;
        relay.table(&carol_relay, "the deposit is bonded and nominates the validators")?;
        let total_before = relay.total()?;
        relay.eras(3)?;
        relay.wait("the relay service claims the finished eras' rewards", || Ok(relay.total()? > total_before))?;
        // The oracle measures the stash and moves aKSMb's ratio by the
        // rewards less the 2% fee: shares / (principal + 98% of rewards).
        // The stash holds carol's 5 KSM and the rewards (all of them paid
        // out once the expected ratio is reached).
        let feed = self.addr("RateProvider")?;
        let shares = self.chain.view(ksm, Bond::totalSharesCall {}).map_err(e)?;
        let expect = |rewards: u128| {
            let pooled = U256::from(5 * KSM + rewards - (rewards * 2).div_ceil(100)) * U256::from(1_000_000u64);
            (shares * U256::from(WEI)).div_ceil(pooled)
        };
        // Once the relay service has recorded every payout (the stash's
        // total stops moving), a move the oracle could not finish waits
        // for the feed's interval (12 hours): the demo moves the clock.
        let mut total = relay.total()?;
        loop {
            std::thread::sleep(Duration::from_secs(2));
            let now = relay.total()?;
            if now == total {
                break;
            }
            total = now;
        }
        let until = Instant::now() + Duration::from_secs(60);
        let mut moved = Instant::now();
        let (ratio, rewards) = loop {
            let rewards = relay.total()? - 5 * KSM;
            let ratio = self.chain.view(feed, Feed::getRatioForCall { token: ksm }).map_err(e)?;
            if ratio == expect(rewards) || Instant::now() > until {
                break (ratio, rewards);
            }
            if moved.elapsed() > Duration::from_secs(3) {
                self.chain.advance_time(12 * 3600 + 60).map_err(e)?;
                moved = Instant::now();
            }
            std::thread::sleep(Duration::from_millis(200));
        };
        let expected = expect(rewards);
        println!("  the stash earned {rewards} planck of era rewards");
        println!("  aKSMb ratio: {ratio} (expected {expected})");
        self.check(ratio == expected, "the oracle moved aKSMb's ratio by the measured rewards less 2%")?;
        self.chain
            .ok(
                carol,
                dot_pool,
                DotPool::burnBondCall {
                    bond: ksm,
                    amount: avax(2),
                    polkadotRecipient: carol_ksm.clone().into_bytes().into(),
                },
            )
            .map_err(e)?;
        self.table("carol burns 2 aKSMb to her Kusama address")?;
        relay.wait("the relay service unbonds for the burn", || {
            Ok(relay.ledger()?.1 > 0 || relay.free(&carol_relay)? > ksm_before - 5 * KSM)
        })?;
        relay.eras(3)?;
        relay.wait("the relay service withdraws and pays carol 2 KSM on the relay chain", || {
            Ok(relay.free(&carol_relay)? >= ksm_before - 3 * KSM)
        })?;
        relay.table(&carol_relay, "after: 2 KSM back on carol's Kusama account")?;
        self.check(relay.free(&carol_relay)? == ksm_before - 3 * KSM, "carol sent 5 KSM and got 2 back")?;
        let left = self.chain.view(ksm, Bond::balanceOfCall { account: carol }).map_err(e)?;
        self.check(left > amount - avax(2), "carol holds the 3 aKSMb left and her share of the rewards")?;
        println!("\nlifecycle complete: every check held");
        Ok(())
    }
}

fn main() -> ExitCode {
    let args = Args::parse();
    let run = || -> Res<()> {
        let m = Manifest::load(&args.manifest)?.ok_or("no manifest")?;
        let keys = lst_client::dev::dev_keys();
        let platform = lst_client::Platform::from_name(&m.platform)
            .ok_or_else(|| format!("the manifest names an unknown platform {}", m.platform))?;
        let chain = Rpc::connect_to(&args.rpc_url, &keys, platform).map_err(e)?;
        let a = chain.accounts().to_vec();
        let users = [("alice", a[5]), ("bob", a[6]), ("carol", a[7])];
        let http = reqwest::blocking::Client::new();
        let mut demo = Demo { chain, m, users, args, step: 0, http };
        demo.run()
    };
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("lst-demo: {err}");
            ExitCode::FAILURE
        }
    }
}
