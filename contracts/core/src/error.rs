//! The one error type of the core: every way a protocol rule can be broken.
//!
//! Each variant maps one-to-one to a Solidity custom error of the same name in
//! the contracts' ABI, so a failure reads the same on every platform.

/// A protocol rule that a call broke. Nouns of what went wrong.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CoreError {
    // --- math ---
    /// A full-width result does not fit in 256 bits.
    MathOverflow,
    /// A division by zero was requested (a zero ratio or denominator).
    DivisionByZero,
    /// An amount that must be positive was zero.
    ZeroAmount,

    // --- ratio and fees ---
    /// A ratio of zero was supplied.
    RatioZero,
    /// A ratio above 1e18 was supplied (a certificate would be worth less than
    /// one unit of the asset).
    RatioAboveOne,
    /// An update would increase the ratio (certificates may only gain value).
    RatioIncrease,
    /// An update moves the ratio by more than the configured threshold.
    RatioChangeTooLarge,
    /// An update for the token came before the minimum interval elapsed.
    RatioUpdateTooSoon,
    /// A repair moves the ratio by more than the repair bound.
    RatioRepairTooLarge,
    /// A ratio-policy parameter is outside its allowed range.
    RatioPolicyOutOfRange,
    /// A fee above the 50% cap was configured.
    FeeTooHigh,

    // --- staking ---
    /// A stake below the configured minimum.
    StakeBelowMinimum,
    /// A stake that is not a whole number of asset units.
    StakeNotWholeUnits,

    // --- unstake queue ---
    /// No request has this id.
    RequestNotFound,
    /// The request is still waiting to be served.
    RequestNotClaimable,
    /// The request was already paid out.
    RequestAlreadyClaimed,
    /// The caller does not own the request.
    NotRequestOwner,
    /// Serving must move the finalised boundary forward to an existing request.
    ServeOutOfRange,
    /// The funds provided do not cover the requests to finalise.
    InsufficientFunding,

    // --- notarised claims ---
    /// The claim's `claimBeforeBlock` has passed.
    ClaimExpired,
    /// The claim id was already used.
    ClaimAlreadyUsed,
    /// The signature is not 65 bytes.
    SignatureLength,
    /// The signature's `v` is not 27 or 28.
    SignatureBadV,
    /// The signature's `s` is in the upper half of the curve order, or `r`/`s`
    /// is zero (malleable or malformed).
    SignatureMalformed,
    /// Recovery failed or recovered the zero address.
    SignatureInvalid,
    /// The signature recovers to someone other than the notary.
    ClaimSignerNotNotary,

    // --- Polkadot recipients ---
    /// The recipient is neither a 32-byte account id nor an SS58 string.
    RecipientLength,
    /// The SS58 string holds a character outside the base58 alphabet.
    Ss58InvalidCharacter,
    /// The SS58 checksum does not match.
    Ss58BadChecksum,
    /// The SS58 network prefix is not Polkadot (0), Kusama (2) or generic (42).
    Ss58UnknownPrefix,

    // --- validator staking ---
    /// The caller's role does not allow this stake-pool action.
    StakeUnauthorized,
    /// The pool's stake would exceed the maximum stake.
    StakeAboveMaximum,
    /// The pool's stake is below the minimum needed to validate.
    StakeBelowValidatorMinimum,
    /// The pool is already in (or joining) the validator set.
    AlreadyInValidatorSet,
    /// The pool is not in the validator set.
    NotInValidatorSet,
    /// The new lockup would not end later than the current one.
    LockupNotIncreased,
    /// The pool holds less stake in the needed state than asked for.
    InsufficientStake,
    /// Reported performance has more successful proposals than proposals.
    InvalidPerformance,
    /// A commission above 100% was configured.
    CommissionTooHigh,
    /// The staking configuration is inconsistent (min above max, zero
    /// denominator, rate above 100%, zero durations).
    InvalidStakingConfig,
    /// The epoch's duration has not passed yet.
    EpochNotEnded,
}

impl core::fmt::Display for CoreError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        core::fmt::Debug::fmt(self, f)
    }
}

impl core::error::Error for CoreError {}
