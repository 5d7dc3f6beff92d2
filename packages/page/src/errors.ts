// Every error the page's calls can meet, by name, in words a user
// understands. The record is typed over the error names of the ABIs the
// page calls, so the compiler refuses the page when a contract gains an
// error without a message here.
import type { ContractErrorName } from "viem";
import { avalanchePoolAbi, bondTokenAbi, certTokenAbi, polkadotPoolAbi } from "@lst/contracts";

/** An error name of any contract the page calls. */
export type PageErrorName =
  | ContractErrorName<typeof avalanchePoolAbi>
  | ContractErrorName<typeof polkadotPoolAbi>
  | ContractErrorName<typeof certTokenAbi>
  | ContractErrorName<typeof bondTokenAbi>;

/** The ABIs the page decodes reverts with (errors of all of them). */
export const pageAbis = [avalanchePoolAbi, polkadotPoolAbi, certTokenAbi, bondTokenAbi] as const;

const ROLE = "Only an administrator of the suite may do this.";

/** What each error means to the user who met it. */
export const messages: Record<PageErrorName, string> = {
  AlreadySet: "That setting already has this value.",
  BatchTooLarge: "Too many requests in one batch.",
  BondAlreadyRegistered: "This bond token is registered already.",
  BondPoolMismatch: "This bond token belongs to another pool.",
  CallReturnMalformed: "A contract the pool called answered something it could not read.",
  ChangeDelayOutOfRange: "The change delay is out of its allowed range.",
  ChangeNotReady: "The scheduled change cannot be made yet.",
  ClaimAlreadyUsed: "This claim has been used already: the tokens were minted.",
  CollectAboveRoom: "The validators cannot take that much this epoch; collect less, the rest later.",
  ClaimExpired: "This claim has expired. Ask the notary again for a new one.",
  ClaimSignerNotNotary: "The claim is not signed by the pool's notary.",
  DivisionByZero: "The pool holds nothing to price this against yet.",
  ECDSAInvalidSignature: "The signature is not valid.",
  ECDSAInvalidSignatureS: "The signature is not valid (malleable s value).",
  ERC20InsufficientAllowance: "The allowance is too small for this amount.",
  ERC20InsufficientBalance: "Your balance is too small for this amount.",
  ERC20InvalidApprover: "The approving account is not valid.",
  ERC20InvalidReceiver: "The receiving account is not valid.",
  ERC20InvalidSender: "The sending account is not valid.",
  ERC20InvalidSpender: "The spending account is not valid.",
  ERC2612ExpiredSignature: "The permit has expired.",
  ERC2612InvalidSigner: "The permit is signed by someone else than the owner.",
  EnforcedPause: "The contract is paused: nothing can be staked, minted or unstaked until it resumes.",
  ExpectedPause: "The contract is not paused.",
  FeeTooHigh: "The fee is above its maximum.",
  InsufficientFunding: "The value sent does not cover what this needs.",
  InvalidRoleAccount: "That account cannot hold this role.",
  LengthMismatch: "The lists given have different lengths.",
  MathOverflow: "The amount is too large.",
  MetadataTooLong: "The text is too long.",
  MintLimitInvalid: "The mint limits are not valid.",
  MintOverClaimLimit: "This claim is above the most one claim may mint.",
  MintOverDailyLimit: "Today's mint limit for this token is reached: try again tomorrow.",
  NoChangePending: "No change is scheduled.",
  NotRatioUpdater: ROLE,
  NotRequestOwner: "This request belongs to another account.",
  OwnableInvalidOwner: "That account cannot be the owner.",
  OwnableUnauthorizedAccount: ROLE,
  PrimaryTokenNotSet: "The ratio feed has no primary token yet.",
  RatioAboveOne: "The ratio cannot go above one.",
  RatioChangeTooLarge: "The ratio moved more than one update may move it.",
  RatioIncrease: "The ratio cannot go up.",
  RatioPolicyOutOfRange: "The ratio policy is out of range.",
  RatioRepairTooLarge: "The ratio repair is too large.",
  RatioRepairTooSoon: "The ratio was repaired too recently.",
  RatioUpdateTooSoon: "The ratio was updated too recently.",
  RatioZero: "The ratio is zero.",
  RecipientLength: "The Polkadot recipient has the wrong length.",
  RequestAlreadyClaimed: "This request has been paid already.",
  RequestNotClaimable: "This request is still in the queue: it can be withdrawn once it is served.",
  RequestNotFound: "There is no request with this number.",
  ServeOutOfRange: "Those requests cannot be served now.",
  SignatureBadV: "The claim's signature is not valid (bad v).",
  SignatureInvalid: "The claim's signature is not valid.",
  SignatureLength: "The claim's signature has the wrong length.",
  SignatureMalformed: "The claim's signature is malformed.",
  Ss58BadChecksum: "The Polkadot address is mistyped: its checksum does not match.",
  Ss58InvalidCharacter: "The Polkadot address has a character SS58 addresses never use.",
  Ss58UnknownPrefix: "The address is not a Kusama or Polkadot address.",
  StakeBelowMinimum: "The amount is below the pool's minimum stake.",
  StakeNotWholeUnits: "Stakes are in whole AVAX: remove the fraction.",
  TokenAlreadyRegistered: "This token is registered already.",
  TransferFailed: "The pool could not send the AVAX to the account.",
  Unauthorized: ROLE,
  UnknownBond: "This token is not a bond of the pool.",
  UnknownToken: "The ratio feed does not know this token.",
  ZeroAddress: "An address is missing (zero).",
  ZeroAmount: "Enter an amount above zero.",
};

/** The message of error `name`, or a sentence saying it is unknown. */
export function explain(name: string): string {
  return (messages as Record<string, string>)[name] ?? "The contract refused this for a reason the page does not know.";
}
