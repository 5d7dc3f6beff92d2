//! The project's deployable contracts, listed once.
//!
//! Every contract ships on both platforms behind one Solidity ABI. This
//! table is the only list of them: the scripts read it through the
//! `lst-registry` binary (`lst-registry shell`), the ABI tool and the
//! scenario suite through this library. Adding a contract means its crates,
//! one [`Deployable`] entry here and its `abi/` files.
//!
//! It also holds the size budgets and the check that enforces them
//! ([`check_sizes`]): a contract over its budget, or within [`HEADROOM`] of
//! it, fails `scripts/sizes.sh`
//! and so `scripts/test.sh`.

pub mod inline_data;

/// Nitro's limit on a Stylus program: its brotli-compressed wasm may not
/// exceed 24 KiB.
pub const STYLUS_LIMIT: usize = 24_576;
/// The project's Stylus budget: 20 KiB compressed, a fifth below Nitro's
/// limit, so a fix never meets the limit first.
pub const STYLUS_BUDGET: usize = 20_480;
/// The project's ink! budget: 32 KiB of `.polkavm` code (pallet-revive's own
/// limit is far above; size costs the storage deposit and code loading on
/// every call).
pub const INK_BUDGET: usize = 32_768;
/// brotli quality and window with which Stylus code is compressed for
/// deployment (as `cargo stylus` and the devnode compress it).
pub const STYLUS_BROTLI_QUALITY: i32 = 11;
/// See [`STYLUS_BROTLI_QUALITY`].
pub const STYLUS_BROTLI_WINDOW: i32 = 22;

/// One deployable contract.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Deployable {
    /// Its name in the ABI: `abi/<name>.json`, `abi/I<name>.sol`.
    pub name: &'static str,
    /// Its Stylus crate, under `contracts/stylus/`.
    pub stylus_crate: &'static str,
    /// Its ink! crate's folder under `contracts/ink/`.
    pub ink_dir: &'static str,
    /// Cargo features its deployable Stylus build turns on (none but the
    /// AVAX pool's `reentrant`); a contract with features builds in a cargo
    /// run of its own, so they reach no other contract.
    pub stylus_features: &'static str,
    /// Whether its deployable Stylus wasm has its data segments moved into
    /// code ([`inline_data`]): each call's start-up on Nitro then costs
    /// about 0.75 gas less per byte of constants (800 gas for a token),
    /// for about 450 more brotli bytes. Off where the size budget is tight.
    pub stylus_inline_data: bool,
    /// Its Stylus budget: brotli-11 bytes of the deployable wasm.
    pub stylus_budget: usize,
    /// Its ink! budget: bytes of the `.polkavm` blob.
    pub ink_budget: usize,
}

impl Deployable {
    /// The Stylus crate's artifact stem: `<stem>.wasm` in `$STYLUS_WASM_DIR`.
    pub fn stylus_artifact(&self) -> String {
        self.stylus_crate.replace('-', "_")
    }

    /// The ink! crate's name: `lst-ink-<folder>`.
    pub fn ink_crate(&self) -> String {
        format!("lst-ink-{}", self.ink_dir)
    }

    /// The ink! artifact stem: `<stem>/<stem>.polkavm` (`.abi`, `.json`) in
    /// `$INK_ARTIFACTS_DIR`.
    pub fn ink_artifact(&self) -> String {
        self.ink_crate().replace('-', "_")
    }

    /// Its budget on `platform`, in that platform's measure.
    pub fn budget(&self, platform: Platform) -> usize {
        match platform {
            Platform::Stylus => self.stylus_budget,
            Platform::Ink => self.ink_budget,
        }
    }
}

/// Every deployable contract, in deployment order (a contract comes after
/// those its constructor names).
pub const CONTRACTS: &[Deployable] = &[
    Deployable {
        name: "RateProvider",
        stylus_crate: "lst-rate-provider",
        ink_dir: "rate-provider",
        stylus_features: "",
        stylus_inline_data: true,
        stylus_budget: STYLUS_BUDGET,
        ink_budget: INK_BUDGET,
    },
    Deployable {
        name: "CertToken",
        stylus_crate: "lst-cert-token",
        ink_dir: "cert-token",
        stylus_features: "",
        stylus_inline_data: true,
        stylus_budget: STYLUS_BUDGET,
        ink_budget: INK_BUDGET,
    },
    Deployable {
        name: "BondToken",
        stylus_crate: "lst-bond-token",
        ink_dir: "bond-token",
        stylus_features: "",
        stylus_inline_data: true,
        stylus_budget: STYLUS_BUDGET,
        ink_budget: INK_BUDGET,
    },
    Deployable {
        name: "Staking",
        stylus_crate: "lst-staking",
        ink_dir: "staking",
        stylus_features: "",
        // Size-bound: the 450 bytes inlining costs would eat its headroom.
        stylus_inline_data: false,
        // Measured (docs/development.md): 20,267 bytes before the seed's
        // governance and epoch rules, 21,973 with them — the scheduled
        // removal (the timelock's storage, events, `removeValidator`,
        // `cancelChange`, `pendingChange`, `changeDelay`: about 1,000
        // bytes), `governance()`, `nextCommission` and the performance
        // floor. The pools' 22 KiB keeps 2 KiB below Nitro's limit
        // (24,576).
        stylus_budget: 22_528,
        // Measured (docs/development.md): the ink! skeleton of its 20
        // messages with every body emptied is 15.8 KB and the logic behind
        // them 35 KB (`endEpoch` alone 9.4 KB), so 32 KiB cannot hold it;
        // splitting the pool state across contracts costs more in calls
        // between them than it saves. 50,415 bytes before the seed's
        // governance and epoch rules, 56,426 with them (four more messages:
        // `removeValidator`, `cancelChange`, `pendingChange`, `governance`;
        // the timelock; the commission that waits for the epoch), 98% of
        // the pools' 56 KiB, which it then ran under a 64 KiB budget. Back
        // to 56 KiB at 56,119 bytes: the 256-bit multiplication as two limb
        // loops (`lst_core::math::wide_mul`) and `endEpoch` keeping each
        // member's operator and prior state in one list (56,430 before).
        ink_budget: 57_344,
    },
    Deployable {
        name: "AvalanchePool",
        stylus_crate: "lst-avalanche-pool",
        ink_dir: "avalanche-pool",
        stylus_features: "",
        // Size-bound: the 450 bytes inlining costs would eat its headroom.
        stylus_inline_data: false,
        // Measured (docs/development.md): 19,510 bytes before its scheduled
        // admin changes, 21,024 with them (the timelock's storage, events
        // and three functions: 1,514 bytes, of which the views and cancel
        // are about 400); the delegation loop already left for the
        // AvalancheDelegator. 22 KiB keeps 2 KiB below Nitro's limit.
        stylus_budget: 22_528,
        // ink! 6.0.0-beta.1's Solidity dispatch of its 36 functions is about
        // 16 KiB by itself (measured with every message body emptied); its
        // ABI stays as it is, so its budget is 56 KiB.
        ink_budget: 57_344,
    },
    Deployable {
        name: "AvalancheDelegator",
        stylus_crate: "lst-avalanche-delegator",
        ink_dir: "avalanche-delegator",
        stylus_features: "reentrant",
        // Size-bound: the 450 bytes inlining costs would eat its headroom.
        stylus_inline_data: false,
        // Measured (docs/development.md): 12,685 bytes for one validator,
        // 21,498 managing a set of them (the set's storage, the deposit and
        // unlock policies, a loop of views per validator, the timelock and
        // seven more functions). The pools' 22 KiB keeps 2 KiB below
        // Nitro's limit.
        stylus_budget: 22_528,
        // 25,836 bytes for one validator, 44,638 managing a set (ten more
        // messages in ink!'s dispatch, the loops over the set): the pools'
        // 56 KiB.
        ink_budget: 57_344,
    },
    Deployable {
        name: "StakeAccount",
        stylus_crate: "lst-stake-account",
        ink_dir: "stake-account",
        stylus_features: "reentrant",
        stylus_inline_data: true,
        stylus_budget: STYLUS_BUDGET,
        ink_budget: INK_BUDGET,
    },
    Deployable {
        name: "PolkadotPool",
        stylus_crate: "lst-polkadot-pool",
        ink_dir: "polkadot-pool",
        stylus_features: "",
        stylus_inline_data: true,
        // Measured (docs/development.md): 17,683 bytes before its mint
        // limits and scheduled changes, 21,435 with them (the timelock's
        // storage, events and three functions, the per-bond bucket and its
        // two functions). 22 KiB keeps 2 KiB below Nitro's limit, as the
        // AvalanchePool's.
        stylus_budget: 22_528,
        // ink! measured 32,714 bytes before the same change, 42,054 with
        // it: five more messages in ink!'s Solidity dispatch (about a
        // kilobyte each) and the U256 work of the bucket. 48 KiB leaves
        // room for ERC-5267.
        ink_budget: 49_152,
    },
    Deployable {
        name: "ValidatorConfig",
        stylus_crate: "lst-validator-config",
        ink_dir: "validator-config",
        stylus_features: "",
        stylus_inline_data: true,
        stylus_budget: STYLUS_BUDGET,
        ink_budget: INK_BUDGET,
    },
];

/// The contract named `name` in the ABI, if it is one.
pub fn by_name(name: &str) -> Option<&'static Deployable> {
    CONTRACTS.iter().find(|c| c.name == name)
}

/// A platform the contracts ship on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Platform {
    /// Arbitrum Stylus: wasm, measured brotli-11 compressed; deployed as
    /// brotli wasm through the StylusDeployer (CREATE2).
    Stylus,
    /// ink! 6 on pallet-revive: `.polkavm`, measured as is; uploaded and
    /// instantiated by a contract-creation transaction (CREATE from the
    /// sender's nonce).
    Ink,
}

impl Platform {
    /// Both platforms.
    pub const ALL: [Platform; 2] = [Self::Stylus, Self::Ink];

    /// Its name in manifests and on the command line.
    pub const fn name(self) -> &'static str {
        match self {
            Self::Stylus => "stylus",
            Self::Ink => "ink",
        }
    }

    /// The platform called `name`.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.name() == name)
    }
}

/// One measured artifact.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Measured {
    /// The contract.
    pub contract: &'static Deployable,
    /// The platform of the artifact.
    pub platform: Platform,
    /// Its uncompressed size in bytes.
    pub raw: usize,
    /// Its size in the platform's measure (Stylus: brotli-11; ink!: raw).
    pub size: usize,
    /// The budget it is held to.
    pub budget: usize,
}

/// How far under its budget every contract is held: room for the next fix
/// without a budget fight. A contract closer to its budget than this fails
/// the size check as one over it does.
pub const HEADROOM: usize = 1024;

impl Measured {
    /// Whether it is within its budget (equal is within).
    pub fn within_budget(&self) -> bool {
        self.size <= self.budget
    }

    /// Bytes left under the budget (0 when over it).
    pub fn headroom(&self) -> usize {
        self.budget.saturating_sub(self.size)
    }

    /// Whether it keeps [`HEADROOM`] under its budget.
    pub fn has_headroom(&self) -> bool {
        self.within_budget() && self.headroom() >= HEADROOM
    }
}

/// Appends `wasm`, brotli-compressed as Stylus code is deployed (quality
/// 11, window 22), to `out`. The deploy path (`lst-client`) and the size
/// check both compress with this one function.
pub fn stylus_compress_into(wasm: &[u8], out: &mut Vec<u8>) -> std::io::Result<()> {
    let params = brotli::enc::BrotliEncoderParams {
        quality: STYLUS_BROTLI_QUALITY,
        lgwin: STYLUS_BROTLI_WINDOW,
        ..Default::default()
    };
    brotli::BrotliCompress(&mut &wasm[..], out, &params).map(drop)
}

/// brotli-compresses a Stylus program as it is deployed and returns the
/// compressed length.
pub fn stylus_compressed_len(wasm: &[u8]) -> std::io::Result<usize> {
    let mut out = Vec::new();
    stylus_compress_into(wasm, &mut out)?;
    Ok(out.len())
}

/// Measures `contract`'s artifact `bytes` on `platform` against its budget
/// (or `budget`, when given: to try the check against another figure).
pub fn measure(
    contract: &'static Deployable,
    platform: Platform,
    bytes: &[u8],
    budget: Option<usize>,
) -> std::io::Result<Measured> {
    let size = match platform {
        Platform::Stylus => stylus_compressed_len(bytes)?,
        Platform::Ink => bytes.len(),
    };
    Ok(Measured {
        contract,
        platform,
        raw: bytes.len(),
        size,
        budget: budget.unwrap_or_else(|| contract.budget(platform)),
    })
}

/// The artifacts over their budgets or within [`HEADROOM`] of them; empty
/// when every one keeps its headroom.
pub fn check_sizes(rows: &[Measured]) -> Vec<&Measured> {
    rows.iter().filter(|r| !r.has_headroom()).collect()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::expect_used, clippy::indexing_slicing)]

    use super::*;

    fn row(platform: Platform, size: usize, budget: usize) -> Measured {
        Measured { contract: &CONTRACTS[0], platform, raw: size, size, budget }
    }

    #[test]
    fn contract_names_are_unique() {
        for (i, a) in CONTRACTS.iter().enumerate() {
            for b in &CONTRACTS[i + 1..] {
                assert_ne!(a.name, b.name);
                assert_ne!(a.stylus_crate, b.stylus_crate);
                assert_ne!(a.ink_dir, b.ink_dir);
            }
        }
    }

    #[test]
    fn artifact_names_follow_the_crate_names() {
        let pool = by_name("AvalanchePool").expect("listed");
        assert_eq!(pool.stylus_artifact(), "lst_avalanche_pool");
        assert_eq!(pool.ink_crate(), "lst-ink-avalanche-pool");
        assert_eq!(pool.ink_artifact(), "lst_ink_avalanche_pool");
    }

    #[test]
    fn platforms_are_found_by_their_names() {
        for platform in Platform::ALL {
            assert_eq!(Platform::from_name(platform.name()), Some(platform));
        }
        assert_eq!(Platform::from_name("evm"), None);
    }

    #[test]
    fn unknown_names_are_not_found() {
        assert_eq!(by_name("Staking2"), None);
    }

    #[test]
    fn every_stylus_budget_is_below_nitros_limit() {
        assert!(CONTRACTS.iter().all(|c| c.stylus_budget <= STYLUS_LIMIT));
    }

    #[test]
    fn only_the_measured_exceptions_have_a_larger_ink_budget() {
        for c in CONTRACTS {
            let expected = match c.name {
                "Staking" | "AvalanchePool" | "AvalancheDelegator" => 57_344,
                "PolkadotPool" => 49_152,
                _ => INK_BUDGET,
            };
            assert_eq!(c.ink_budget, expected, "{}", c.name);
        }
    }

    #[test]
    fn only_the_pools_staking_and_the_delegator_have_a_larger_stylus_budget() {
        for c in CONTRACTS {
            let expected = if matches!(c.name, "AvalanchePool" | "PolkadotPool" | "Staking" | "AvalancheDelegator") {
                22_528
            } else {
                STYLUS_BUDGET
            };
            assert_eq!(c.stylus_budget, expected, "{}", c.name);
        }
    }

    #[test]
    fn only_the_delegators_deployable_is_built_reentrant() {
        for c in CONTRACTS {
            let expected = if matches!(c.name, "AvalancheDelegator" | "StakeAccount") { "reentrant" } else { "" };
            assert_eq!(c.stylus_features, expected, "{}", c.name);
        }
    }

    #[test]
    fn a_size_the_headroom_under_the_budget_passes() {
        assert!(check_sizes(&[row(Platform::Ink, 100, 100 + HEADROOM)]).is_empty());
    }

    #[test]
    fn a_size_one_byte_into_the_headroom_fails() {
        let rows = [row(Platform::Ink, 100, 100 + HEADROOM), row(Platform::Stylus, 101, 100 + HEADROOM)];
        let short = check_sizes(&rows);
        assert_eq!(short.len(), 1);
        assert_eq!(short[0].platform, Platform::Stylus);
        assert!(short[0].within_budget());
        assert_eq!(short[0].headroom(), HEADROOM - 1);
    }

    #[test]
    fn a_size_over_the_budget_fails_with_no_headroom() {
        let rows = [row(Platform::Stylus, 101, 100)];
        let over = check_sizes(&rows);
        assert_eq!(over.len(), 1);
        assert!(!over[0].within_budget());
        assert_eq!(over[0].headroom(), 0);
    }

    #[test]
    fn stylus_code_is_measured_compressed() {
        let wasm = vec![0u8; 10_000];
        let m = measure(&CONTRACTS[0], Platform::Stylus, &wasm, None).expect("compresses");
        assert_eq!(m.raw, 10_000);
        assert!(m.size < 100, "10 kB of zeros compress to a few bytes, got {}", m.size);
        assert_eq!(m.budget, STYLUS_BUDGET);
    }

    #[test]
    fn ink_code_is_measured_as_is() {
        let m = measure(&CONTRACTS[3], Platform::Ink, &[1u8; 1234], None).expect("measures");
        assert_eq!((m.raw, m.size, m.budget), (1234, 1234, 57_344));
    }

    #[test]
    fn a_given_budget_replaces_the_contracts_own() {
        let m = measure(&CONTRACTS[0], Platform::Ink, &[1u8; 10], Some(9)).expect("measures");
        assert!(!m.within_budget());
    }
}
