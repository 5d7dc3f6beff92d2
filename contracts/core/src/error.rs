//! The one error type of the core: every way a protocol rule can be broken.
//!
//! Each variant maps one-to-one to a Solidity custom error of the same name in
//! the contracts' ABI, so a failure reads the same on every platform.

/// Declares [`CoreError`] with each variant's Solidity error selector
/// (`bytes4(keccak256("Name()"))`), checked against Keccak in the tests.
macro_rules! core_errors {
    ($($(#[$meta:meta])* $name:ident = $selector:literal,)*) => {
        /// A protocol rule that a call broke. Nouns of what went wrong.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum CoreError {
            $($(#[$meta])* $name,)*
        }

        impl CoreError {
            /// Every error, in declaration order.
            pub const ALL: &'static [CoreError] = &[$(CoreError::$name,)*];

            /// The Solidity error's name (`error Name();` in the ABI).
            pub const fn name(self) -> &'static str {
                match self {
                    $(CoreError::$name => stringify!($name),)*
                }
            }

            /// The 4-byte selector of `Name()`: the revert data of this error
            /// on every platform.
            pub const fn selector(self) -> [u8; 4] {
                match self {
                    $(CoreError::$name => ($selector as u32).to_be_bytes(),)*
                }
            }
        }
    };
}

core_errors! {
    // --- math ---
    /// A full-width result does not fit in 256 bits.
    MathOverflow = 0x9d565d4e,
    /// A division by zero was requested (a zero ratio or denominator).
    DivisionByZero = 0x23d359a3,
    /// An amount that must be positive was zero.
    ZeroAmount = 0x1f2a2005,
    // --- ratio and fees ---
    /// A ratio of zero was supplied.
    RatioZero = 0x201b1cd0,
    /// A ratio above 1e18 was supplied (a certificate would be worth less than
    /// one unit of the asset).
    RatioAboveOne = 0x8104b565,
    /// An update would increase the ratio (certificates may only gain value).
    RatioIncrease = 0xdcb72d0d,
    /// An update moves the ratio by more than the configured threshold.
    RatioChangeTooLarge = 0x8190ea99,
    /// An update for the token came before the minimum interval elapsed.
    RatioUpdateTooSoon = 0xdb794cdf,
    /// A repair lowers the ratio by more than the repair bound.
    RatioRepairTooLarge = 0x587a506f,
    /// A repair came before the token's interval since the last repair.
    RatioRepairTooSoon = 0x61449498,
    /// A measured reward report found nothing to report: the pool holds no
    /// more than it owes, or the feed's bound allows no move at all.
    NoRewardsToReport = 0xbd4753e9,
    /// A ratio-policy parameter is outside its allowed range.
    RatioPolicyOutOfRange = 0x4efbd6ae,
    /// A fee above the 50% cap was configured.
    FeeTooHigh = 0xcd4e6167,
    // --- scheduled admin changes ---
    /// The change was scheduled but its delay has not passed yet.
    ChangeNotReady = 0x06cde084,
    /// No change waits in this slot.
    NoChangePending = 0x9899189a,
    /// A change delay outside one hour to 30 days was configured.
    ChangeDelayOutOfRange = 0xf79e3ef4,
    // --- mint limits ---
    /// A claim mints more than its bond's per-claim limit.
    MintOverClaimLimit = 0x55356119,
    /// A claim mints more than its bond's daily bucket holds now.
    MintOverDailyLimit = 0x3de07226,
    /// Mint limits above 2^128, or a per-claim limit above the daily one.
    MintLimitInvalid = 0xaadf0212,
    // --- staking ---
    /// A stake below the configured minimum.
    StakeBelowMinimum = 0xde588d73,
    /// A stake that is not a whole number of asset units.
    StakeNotWholeUnits = 0x75a3f0a9,
    // --- unstake queue ---
    /// No request has this id.
    RequestNotFound = 0x4b13b31e,
    /// The request is still waiting to be served.
    RequestNotClaimable = 0x7570897f,
    /// The request was already paid out.
    RequestAlreadyClaimed = 0x54e19feb,
    /// The caller does not own the request.
    NotRequestOwner = 0x517907dd,
    /// Serving must move the finalised boundary forward to an existing request.
    ServeOutOfRange = 0x2d7d584a,
    /// The funds provided do not cover the requests to finalise.
    InsufficientFunding = 0x57e000b1,
    // --- notarised claims ---
    /// The claim's `claimBeforeBlock` has passed.
    ClaimExpired = 0x82a49d9e,
    /// The claim id was already used.
    ClaimAlreadyUsed = 0xead7077b,
    /// The signature is not 65 bytes.
    SignatureLength = 0xa0aa26e7,
    /// The signature's `v` is not 27 or 28.
    SignatureBadV = 0x7b07d08f,
    /// The signature's `s` is in the upper half of the curve order, or `r`/`s`
    /// is zero (malleable or malformed).
    SignatureMalformed = 0xd179c817,
    /// Recovery failed or recovered the zero address.
    SignatureInvalid = 0x37e8456b,
    /// The signature recovers to someone other than the notary.
    ClaimSignerNotNotary = 0xd130053b,
    // --- Polkadot recipients ---
    /// The recipient is neither a 32-byte account id nor an SS58 string.
    RecipientLength = 0x8e987b76,
    /// The SS58 string holds a character outside the base58 alphabet.
    Ss58InvalidCharacter = 0x102a36df,
    /// The SS58 checksum does not match.
    Ss58BadChecksum = 0xe39a3083,
    /// The SS58 network prefix is not Polkadot (0), Kusama (2) or generic (42).
    Ss58UnknownPrefix = 0xa63eba84,
    // --- validator staking ---
    /// The caller's role does not allow this stake-pool action.
    StakeUnauthorized = 0x22901b61,
    /// The pool's stake would exceed the maximum stake.
    StakeAboveMaximum = 0xfbea0ab4,
    /// The pool's stake is below the minimum needed to validate.
    StakeBelowValidatorMinimum = 0x19793fa0,
    /// The pool is already in (or joining) the validator set.
    AlreadyInValidatorSet = 0xb5c9150d,
    /// The pool is not in the validator set.
    NotInValidatorSet = 0xf162cce5,
    /// The new lockup would not end later than the current one.
    LockupNotIncreased = 0xdeb591ab,
    /// The pool holds less stake in the needed state than asked for.
    InsufficientStake = 0xf1bc94d2,
    /// Reported performance has more successful proposals than proposals.
    InvalidPerformance = 0xbd73db3f,
    /// A commission above 100% was configured.
    CommissionTooHigh = 0x6dcfdacf,
    /// The staking configuration is inconsistent (min above max, zero
    /// denominator, rate above 100%, zero durations).
    InvalidStakingConfig = 0x1147c016,
    /// The epoch's duration has not passed yet.
    EpochNotEnded = 0x756b7857,
    /// The validator set already holds the configured number of pools.
    ValidatorSetFull = 0xc688eb70,
    /// More voting power would join the set this epoch than the limit allows.
    VotingPowerIncreaseTooLarge = 0x7f15885f,
    /// The operator has no withdrawable commission from this pool.
    NoCommission = 0x00b2ddf8,
    /// A pool role (owner, operator, voter) may not be the zero address.
    InvalidRoleAccount = 0xeccda526,
    /// The caller already owns a stake pool.
    StakePoolExists = 0xe42bcc1f,
    /// No stake pool is registered at this address.
    StakePoolNotFound = 0x5b8422df,
    // --- the AVAX pool's validator set ---
    /// A deposit larger than any validator of the set can take now (its
    /// joining room, its room under the maximum stake).
    CollectAboveRoom = 0x0575856f,
}

/// The core rules each contract of the suite can raise: its ABI lists
/// exactly these `Name()` errors (on both platforms; the ABI tool and the
/// ink! metadata read them from here), not every rule of the core. The
/// contracts' unit tests check every core error they see is listed.
/// Errors a contract passes through from a callee are the callee's.
pub mod raised {
    use super::CoreError::{self, *};

    /// What full-width math raises: an overflow, a zero divisor, a zero ratio.
    const MATH: [CoreError; 3] = [MathOverflow, DivisionByZero, RatioZero];

    /// `RateProvider`: math, the feed's bounds, updater roles, scheduled changes.
    pub const RATE_PROVIDER: &[CoreError] = &[
        MATH[0],
        MATH[1],
        MATH[2],
        RatioAboveOne,
        RatioIncrease,
        RatioChangeTooLarge,
        RatioUpdateTooSoon,
        RatioRepairTooLarge,
        RatioRepairTooSoon,
        RatioPolicyOutOfRange,
        InvalidRoleAccount,
        ChangeNotReady,
        NoChangePending,
        ChangeDelayOutOfRange,
    ];
    /// The certificate token: conversions at the ratio.
    pub const CERT_TOKEN: &[CoreError] = &MATH;
    /// The bond token: share moves at the ratio.
    pub const BOND_TOKEN: &[CoreError] = &MATH;
    /// `AvalanchePool`: stakes, the ledger, the fee, the unstake queue,
    /// scheduled changes.
    pub const AVALANCHE_POOL: &[CoreError] = &[
        MATH[0],
        MATH[1],
        MATH[2],
        ZeroAmount,
        FeeTooHigh,
        StakeBelowMinimum,
        StakeNotWholeUnits,
        RequestNotFound,
        RequestNotClaimable,
        RequestAlreadyClaimed,
        NotRequestOwner,
        ServeOutOfRange,
        InsufficientFunding,
        CollectAboveRoom,
        ChangeNotReady,
        NoChangePending,
        ChangeDelayOutOfRange,
    ];
    /// `AvalancheDelegator`: the validator set — spreading collected stake,
    /// unlocking for the queue, measured rewards, scheduled changes.
    pub const AVALANCHE_DELEGATOR: &[CoreError] = &[
        MATH[0],
        MATH[1],
        MATH[2],
        ZeroAmount,
        NoRewardsToReport,
        CollectAboveRoom,
        InsufficientStake,
        NotInValidatorSet,
        AlreadyInValidatorSet,
        ValidatorSetFull,
        InvalidRoleAccount,
        ChangeNotReady,
        NoChangePending,
        ChangeDelayOutOfRange,
    ];
    /// `StakeAccount`: one validator's stake of the AVAX pool.
    pub const STAKE_ACCOUNT: &[CoreError] = &[MATH[0], MATH[1], MATH[2], ZeroAmount];
    /// `PolkadotPool`: notarised claims, recipients, conversions, mint
    /// limits, scheduled changes.
    pub const POLKADOT_POOL: &[CoreError] = &[
        MATH[0],
        MATH[1],
        MATH[2],
        ZeroAmount,
        ClaimExpired,
        ClaimAlreadyUsed,
        SignatureLength,
        SignatureBadV,
        SignatureMalformed,
        SignatureInvalid,
        ClaimSignerNotNotary,
        RecipientLength,
        Ss58InvalidCharacter,
        Ss58BadChecksum,
        Ss58UnknownPrefix,
        MintOverClaimLimit,
        MintOverDailyLimit,
        MintLimitInvalid,
        ChangeNotReady,
        NoChangePending,
        ChangeDelayOutOfRange,
    ];
    /// `Staking`: the validator stake pools and epochs.
    pub const STAKING: &[CoreError] = &[
        MathOverflow,
        DivisionByZero,
        ZeroAmount,
        StakeUnauthorized,
        StakeAboveMaximum,
        StakeBelowValidatorMinimum,
        AlreadyInValidatorSet,
        NotInValidatorSet,
        LockupNotIncreased,
        InsufficientStake,
        InvalidPerformance,
        CommissionTooHigh,
        InvalidStakingConfig,
        EpochNotEnded,
        ValidatorSetFull,
        VotingPowerIncreaseTooLarge,
        NoCommission,
        InvalidRoleAccount,
        StakePoolExists,
        StakePoolNotFound,
        // Governance's removals wait for the change delay (`cancelChange`,
        // a second `removeValidator` before the delay, the constructor's
        // delay).
        ChangeNotReady,
        NoChangePending,
        ChangeDelayOutOfRange,
    ];
    /// `ValidatorConfig`: only the pool's operator sets node data.
    pub const VALIDATOR_CONFIG: &[CoreError] = &[StakeUnauthorized];
}

impl core::fmt::Display for CoreError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        core::fmt::Debug::fmt(self, f)
    }
}

impl core::error::Error for CoreError {}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::{format, vec::Vec};
    use tiny_keccak::{Hasher, Keccak};

    #[test]
    fn selectors_are_the_keccak_of_their_solidity_signatures() {
        for e in CoreError::ALL {
            let mut h = Keccak::v256();
            h.update(format!("{}()", e.name()).as_bytes());
            let mut out = [0u8; 32];
            h.finalize(&mut out);
            assert_eq!(e.selector(), out[..4], "{}", e.name());
        }
    }

    #[test]
    fn each_contracts_list_names_an_error_once() {
        use raised::*;
        for list in [
            RATE_PROVIDER,
            CERT_TOKEN,
            BOND_TOKEN,
            AVALANCHE_POOL,
            AVALANCHE_DELEGATOR,
            STAKE_ACCOUNT,
            POLKADOT_POOL,
            STAKING,
            VALIDATOR_CONFIG,
        ] {
            let mut names: Vec<&str> = list.iter().map(|e| e.name()).collect();
            names.sort_unstable();
            names.dedup();
            assert_eq!(names.len(), list.len());
        }
    }

    #[test]
    fn selectors_are_distinct() {
        let mut all: Vec<[u8; 4]> = CoreError::ALL.iter().map(|e| e.selector()).collect();
        all.sort();
        all.dedup();
        assert_eq!(all.len(), CoreError::ALL.len());
    }
}
