//! Prints what the core computes for a sample AVAX staking lifecycle:
//! stake (certificates and bonds) → reward report with the 10% fee → new
//! ratio → unstake through the FIFO queue → serve → withdraw.
//!
//! Run with `scripts/demo.sh` (or `cargo run -p lst-core --features alloc
//! --example lifecycle`).

use lst_core::ledger::PoolLedger;
use lst_core::math::{self, ONE};
use lst_core::policy::{check_update, RatioPolicy, RatioRecord, DEFAULT_MIN_INTERVAL_SECS};
use lst_core::queue::{self, MemoryQueue, QueueStore};
use lst_core::rewards::AVAX_FEE_BPS;
use lst_core::stake::StakeRules;
use lst_core::{Address, CoreResult, U256};
use std::collections::BTreeMap;

const ALICE: Address = [0xa1; 20];
const BOB: Address = [0xb0; 20];
const CAROL: Address = [0xc0; 20];
const TREASURY: Address = [0x7e; 20];

/// Formats 18-decimal fixed point with six decimals (truncated).
fn fmt18(x: U256) -> String {
    let micro = x / U256::from(1_000_000_000_000u64);
    let whole = micro / U256::from(1_000_000u32);
    let frac = micro % U256::from(1_000_000u32);
    format!("{whole}.{frac:06}")
}

fn name(a: &Address) -> &'static str {
    match *a {
        ALICE => "alice",
        BOB => "bob",
        CAROL => "carol",
        _ => "treasury",
    }
}

struct Demo {
    ledger: PoolLedger,
    ratio: RatioRecord,
    policy: RatioPolicy,
    rules: StakeRules,
    /// ankrAVAX balances (certificate shares).
    certs: BTreeMap<Address, U256>,
    /// aAVAXb holders' shares.
    bond_shares: BTreeMap<Address, U256>,
    queue: MemoryQueue,
    /// AVAX held by the pool contract, on the deposit address, and paid out.
    pool_balance: U256,
    deposit_address: U256,
    paid_out: BTreeMap<Address, U256>,
    step: usize,
    now: u64,
}

impl Demo {
    fn new() -> Self {
        Self {
            ledger: PoolLedger::default(),
            ratio: RatioRecord { ratio: ONE, last_updated: 0, last_repaired: 0 },
            policy: RatioPolicy::default(),
            rules: StakeRules::default(),
            certs: BTreeMap::new(),
            bond_shares: BTreeMap::new(),
            queue: MemoryQueue::default(),
            pool_balance: U256::ZERO,
            deposit_address: U256::ZERO,
            paid_out: BTreeMap::new(),
            step: 0,
            now: 1_700_000_000,
        }
    }

    fn print(&mut self, what: &str) -> CoreResult<()> {
        self.step += 1;
        let h = self.queue.header();
        println!("\nstep {}: {what}", self.step);
        println!("  {:<28} {:>20}", "ratio (ankrAVAX per AVAX)", fmt18(self.ratio.ratio));
        println!("  {:<28} {:>20}", "getRate (AVAX per ankrAVAX)", fmt18(math::rate_from_ratio(self.ratio.ratio)?));
        println!("  {:<28} {:>20}", "pooled AVAX (accounted)", fmt18(self.ledger.pooled_assets));
        println!("  {:<28} {:>20}", "shares outstanding", fmt18(self.ledger.supply_shares));
        println!("  {:<28} {:>20}", "AVAX in pool contract", fmt18(self.pool_balance));
        println!("  {:<28} {:>20}", "AVAX at deposit address", fmt18(self.deposit_address));
        println!(
            "  {:<28} {:>20}",
            "queue head/tail/reserved",
            format!("{}/{}/{}", h.head(), h.tail, fmt18(h.reserved()))
        );
        println!(
            "  {:<10} {:>14} {:>14} {:>14} {:>14}",
            "holder", "ankrAVAX", "aAVAXb", "AVAX pending", "AVAX received"
        );
        for who in [ALICE, BOB, CAROL, TREASURY] {
            let certs = self.certs.get(&who).copied().unwrap_or_default();
            let bonds =
                math::bonds_from_shares(self.bond_shares.get(&who).copied().unwrap_or_default(), self.ratio.ratio)?;
            println!(
                "  {:<10} {:>14} {:>14} {:>14} {:>14}",
                name(&who),
                fmt18(certs),
                fmt18(bonds),
                fmt18(self.queue.pending_of(&who)),
                fmt18(self.paid_out.get(&who).copied().unwrap_or_default())
            );
        }
        Ok(())
    }

    fn stake(&mut self, who: Address, avax: u64, bonds: bool) -> CoreResult<()> {
        let value = U256::from(avax) * ONE;
        let (ledger, shares) = self.ledger.stake(value, &self.rules, self.ratio.ratio)?;
        self.ledger = ledger;
        self.pool_balance += value;
        let book = if bonds { &mut self.bond_shares } else { &mut self.certs };
        *book.entry(who).or_default() += shares;
        self.print(&format!(
            "{} stakes {avax} AVAX for {}",
            name(&who),
            if bonds { "aAVAXb (stakeAndClaimBonds)" } else { "ankrAVAX (stakeAndClaimCerts)" }
        ))
    }

    fn collect(&mut self) -> CoreResult<()> {
        let amount = lst_core::ledger::collectable(self.pool_balance, self.queue.header().reserved());
        self.pool_balance -= amount;
        self.deposit_address += amount;
        self.print(&format!("operator collects {} AVAX to the deposit address", fmt18(amount)))
    }

    /// A reward report of `milli` thousandths of an AVAX.
    fn report(&mut self, milli: u64) -> CoreResult<()> {
        let rewards = U256::from(milli) * ONE / U256::from(1_000u32);
        let (ledger, out) = self.ledger.report_rewards(rewards, AVAX_FEE_BPS, self.ratio.ratio)?;
        self.now += DEFAULT_MIN_INTERVAL_SECS;
        // `None`: the report left the ratio where it was.
        self.ratio = check_update(&self.policy, &self.ratio, out.new_ratio, self.now)?.unwrap_or(self.ratio);
        self.ledger = ledger;
        self.deposit_address += rewards;
        *self.certs.entry(TREASURY).or_default() += out.fee_shares;
        self.print(&format!(
            "oracle reports {} AVAX rewards: fee {} AVAX (10%) minted to treasury as {} ankrAVAX",
            fmt18(rewards),
            fmt18(out.split.fee_assets),
            fmt18(out.fee_shares)
        ))
    }

    fn claim_certs(&mut self, who: Address, shares: U256) -> CoreResult<()> {
        let (ledger, assets) = self.ledger.redeem_shares(shares, self.ratio.ratio)?;
        let id = queue::enqueue(&mut self.queue, &who, assets)?;
        self.ledger = ledger;
        *self.certs.entry(who).or_default() -= shares;
        self.print(&format!("{} claimCerts({}) -> request #{id} for {} AVAX", name(&who), fmt18(shares), fmt18(assets)))
    }

    fn claim_bonds(&mut self, who: Address, bonds: U256) -> CoreResult<()> {
        let (ledger, shares) = self.ledger.redeem_bonds(bonds, self.ratio.ratio)?;
        let id = queue::enqueue(&mut self.queue, &who, bonds)?;
        self.ledger = ledger;
        *self.bond_shares.entry(who).or_default() -= shares;
        self.print(&format!("{} claimBonds({}) -> request #{id}", name(&who), fmt18(bonds)))
    }

    fn serve(&mut self) -> CoreResult<()> {
        let h = self.queue.header();
        let funds = h.unfunded();
        self.deposit_address -= funds;
        self.pool_balance += funds;
        let fin = queue::finalize(&mut self.queue, h.tail, funds)?;
        self.print(&format!(
            "end of validating period: operator serves requests #{}..#{} with {} AVAX",
            fin.first,
            fin.last,
            fmt18(fin.assets)
        ))
    }

    fn withdraw(&mut self, who: Address, id: u64) -> CoreResult<()> {
        let r = queue::withdraw(&mut self.queue, id, &who)?;
        self.pool_balance -= r.assets;
        *self.paid_out.entry(who).or_default() += r.assets;
        self.print(&format!("{} withdraws request #{id}", name(&who)))
    }
}

fn run() -> CoreResult<()> {
    println!("AVAX liquid staking lifecycle, as computed by lst-core (ratio = supply / (TVL + rewards * (1 - fee)))");
    let mut d = Demo::new();
    d.stake(ALICE, 100, false)?;
    d.stake(BOB, 50, true)?;
    d.collect()?;
    d.report(100)?;
    // The bounded feed refuses a report that would move the ratio by more than 0.1%.
    let rejected = d.ledger.report_rewards(U256::from(5u8) * ONE, AVAX_FEE_BPS, d.ratio.ratio)?;
    let refused = check_update(&d.policy, &d.ratio, rejected.1.new_ratio, d.now + DEFAULT_MIN_INTERVAL_SECS);
    println!(
        "
  a 5 AVAX report would move the ratio to {}: the feed answers {:?}",
        fmt18(rejected.1.new_ratio),
        refused
    );
    d.stake(CAROL, 30, false)?;
    d.collect()?;
    d.report(150)?;
    let alice_certs = d.certs.get(&ALICE).copied().unwrap_or_default();
    d.claim_certs(ALICE, alice_certs / U256::from(2u8))?;
    let bob_bonds = math::bonds_from_shares(d.bond_shares.get(&BOB).copied().unwrap_or_default(), d.ratio.ratio)?;
    d.claim_bonds(BOB, bob_bonds)?;
    d.serve()?;
    d.withdraw(ALICE, 1)?;
    d.withdraw(BOB, 2)?;
    let total_in = U256::from(180u32) * ONE;
    let rewards = U256::from(250u32) * ONE / U256::from(1_000u32);
    let held = d.pool_balance + d.deposit_address;
    let paid: U256 = d.paid_out.values().copied().fold(U256::ZERO, |a, b| a + b);
    println!(
        "\nconservation: staked {} + rewards {} = held {} + paid out {}",
        fmt18(total_in),
        fmt18(rewards),
        fmt18(held),
        fmt18(paid)
    );
    assert_eq!(total_in + rewards, held + paid, "AVAX conserved");
    let owed = math::shares_to_assets(d.ledger.supply_shares, d.ratio.ratio)?;
    println!(
        "still owed to holders at the current ratio: {} AVAX <= accounted {} AVAX",
        fmt18(owed),
        fmt18(d.ledger.pooled_assets)
    );
    assert!(owed <= d.ledger.pooled_assets, "shares fully backed");
    Ok(())
}

fn main() {
    if let Err(e) = run() {
        eprintln!("lifecycle failed: {e}");
        std::process::exit(1);
    }
}
