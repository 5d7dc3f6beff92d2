//! Deploying a Stylus contract, as on Arbitrum.
//!
//! - *Code* is what an account holds: `0xEFF000`, a dictionary byte (0:
//!   none) and the brotli-compressed wasm ([`code`]).
//! - *Init code* is what a deployment sends: the EVM prelude cargo-stylus
//!   writes (`PUSH32 len; DUP1; PUSH1 43; PUSH1 0; CODECOPY; PUSH1 0;
//!   RETURN`, then a version byte) followed by the code ([`init_code`]).
//! - The *StylusDeployer* (at [`STYLUS_DEPLOYER`] on Arbitrum chains and on
//!   the devnode) deploys init code and calls the new contract with init
//!   data in the same transaction: that is how a stylus-sdk 0.9
//!   `#[constructor]` runs ([`deploy_with_constructor`]); with a non-zero
//!   salt the address is `CREATE2` and known in advance
//!   ([`create2_address`]).

use crate::{ChainFailure, Result, Tx};
use alloy::{
    primitives::{address, keccak256, Address, B256, U256},
    sol,
    sol_types::{SolCall, SolEvent},
};
use std::{
    collections::HashMap,
    sync::{Mutex, OnceLock, PoisonError},
};

/// The prefix of Stylus code: `0xEFF000` and the dictionary byte (none).
pub const STYLUS_PREFIX: [u8; 4] = [0xef, 0xf0, 0x00, 0x00];
/// Length of the deployment prelude, version byte included.
pub const PRELUDE_LEN: usize = 43;
/// The prelude's bytes after `PUSH32 <len>`: `DUP1, PUSH1 43, PUSH1 0,
/// CODECOPY, PUSH1 0, RETURN`, version 0.
pub const PRELUDE_TAIL: [u8; 10] = [0x80, 0x60, PRELUDE_LEN as u8, 0x60, 0x00, 0x39, 0x60, 0x00, 0xf3, 0x00];
/// The selector stylus-sdk 0.9 routes to a contract's `#[constructor]`:
/// `keccak256("stylus_constructor()")[..4]`.
pub const CONSTRUCTOR_SELECTOR: [u8; 4] = [0x55, 0x85, 0x25, 0x8d];
/// Where the StylusDeployer lives (the same address on Arbitrum chains).
pub const STYLUS_DEPLOYER: Address = address!("cEcba2F1DC234f70Dd89F2041029807F8D03A990");
/// The value sent with a Stylus deployment to pay its activation's data
/// fee (0.01 ETH, more than a 24 KiB program's; the StylusDeployer
/// refunds the excess).
pub const ACTIVATION_VALUE: U256 = U256::from_limbs([10_000_000_000_000_000, 0, 0, 0]);
/// ArbWasm, the precompile that activates Stylus programs.
pub const ARB_WASM: Address = address!("0000000000000000000000000000000000000071");
/// ArbGasInfo, the precompile of gas prices.
pub const ARB_GAS_INFO: Address = address!("000000000000000000000000000000000000006C");

sol! {
    /// ArbGasInfo's interface (Nitro's `ArbGasInfo.sol`), as far as the
    /// local node implements it.
    #[derive(Debug, PartialEq, Eq)]
    interface IArbGasInfo {
        /// Prices in wei: per L2 transaction, per L1 calldata byte, per
        /// storage allocation, per ArbGas (base, congestion, total).
        function getPricesInWei() external view returns (uint256, uint256, uint256, uint256, uint256, uint256);
        /// The minimum gas price.
        function getMinimumGasPrice() external view returns (uint256);
        /// The estimated L1 base fee.
        function getL1BaseFeeEstimate() external view returns (uint256);
        /// The L1 fees of the current transaction.
        function getCurrentTxL1GasFees() external view returns (uint256);
        /// Speed limit per second, gas pool max, max transaction gas limit.
        function getGasAccountingParams() external view returns (uint256, uint256, uint256);
    }
}

sol! {
    /// ArbWasm's interface (Nitro's `ArbWasm.sol`), as far as the local
    /// node implements it.
    #[derive(Debug, PartialEq, Eq)]
    interface IArbWasm {
        /// Activates the program at `program`, paying its data fee.
        function activateProgram(address program) external payable returns (uint16 version, uint256 dataFee);
        /// The Stylus version programs activate at now.
        function stylusVersion() external view returns (uint16 version);
        /// The version `codehash` is activated at (reverts when it is not).
        function codehashVersion(bytes32 codehash) external view returns (uint16 version);
        /// Extends `codehash`'s activation.
        function codehashKeepalive(bytes32 codehash) external payable;
        /// The size of `codehash`'s activated (uncompressed) program.
        function codehashAsmSize(bytes32 codehash) external view returns (uint32 size);
        /// The version `program` is activated at (reverts when it is not).
        function programVersion(address program) external view returns (uint16 version);
        /// Gas to start `program`, uncached and cached.
        function programInitGas(address program) external view returns (uint64 gas, uint64 gasWhenCached);
        /// Pages of memory `program` starts with.
        function programMemoryFootprint(address program) external view returns (uint16 footprint);
        /// Seconds before `program`'s activation expires.
        function programTimeLeft(address program) external view returns (uint64 secs);
        /// Ink per gas.
        function inkPrice() external view returns (uint32 price);
        /// Wasm pages a program may use.
        function pageLimit() external view returns (uint16 limit);
        /// Days an activation lasts.
        function expiryDays() external view returns (uint16 _days);
        /// Days after activation before a keepalive is accepted.
        function keepaliveDays() external view returns (uint16 _days);
        /// A program was activated.
        event ProgramActivated(bytes32 indexed codehash, bytes32 moduleHash, address program, uint256 dataFee, uint16 version);
        /// An activation was extended.
        event ProgramLifetimeExtended(bytes32 indexed codehash, uint256 dataFee);
        /// The account holds no Stylus program.
        error ProgramNotWasm();
        /// The program has not been activated.
        error ProgramNotActivated();
        /// The program was activated at an older Stylus version.
        error ProgramNeedsUpgrade(uint16 version, uint16 stylusVersion);
        /// The activation expired.
        error ProgramExpired(uint64 ageInSeconds);
        /// Activated already, at the current version.
        error ProgramUpToDate();
        /// A keepalive too soon after the last.
        error ProgramKeepaliveTooSoon(uint64 ageInSeconds);
        /// Less value than the data fee.
        error ProgramInsufficientValue(uint256 have, uint256 want);
    }
}

/// ArbWasmCache, the precompile that keeps Stylus programs in Nitro's
/// cache (a cached program starts for a fraction of its init gas).
pub const ARB_WASM_CACHE: Address = address!("0000000000000000000000000000000000000072");

sol! {
    /// ArbWasmCache's interface (Nitro's `ArbWasmCache.sol`).
    #[derive(Debug, PartialEq, Eq)]
    interface IArbWasmCache {
        /// Whether `manager` may cache and evict programs.
        function isCacheManager(address manager) external view returns (bool);
        /// Every cache manager; the last is the current one.
        function allCacheManagers() external view returns (address[] memory managers);
        /// Deprecated for `cacheProgram` (refused since ArbOS 31).
        function cacheCodehash(bytes32 codehash) external;
        /// Caches the program at `addr` (cache managers only).
        function cacheProgram(address addr) external;
        /// Evicts every program with `codehash` (cache managers only).
        function evictCodehash(bytes32 codehash) external;
        /// Whether programs with `codehash` are cached.
        function codehashIsCached(bytes32 codehash) external view returns (bool);
        /// A program entered or left the cache.
        event UpdateProgramCache(address indexed manager, bytes32 indexed codehash, bool cached);
        /// The program was activated at an older Stylus version.
        error ProgramNeedsUpgrade(uint16 version, uint16 stylusVersion);
        /// The activation expired.
        error ProgramExpired(uint64 ageInSeconds);
    }
}

sol! {
    /// The cache manager's interface (Nitro's `CacheManager.sol`): programs
    /// enter the cache by bid; when it is full, the smallest bids leave.
    #[derive(Debug, PartialEq, Eq)]
    interface ICacheManager {
        /// One cached program: its code hash, size (bytes of machine code,
        /// ArbWasm's `codehashAsmSize`, at least 4 KiB) and bid.
        struct Entry {
            bytes32 code;
            uint64 size;
            uint192 bid;
        }
        /// Bytes of machine code the cache holds.
        function cacheSize() external view returns (uint64);
        /// Bytes of machine code cached now.
        function queueSize() external view returns (uint64);
        /// Wei per second older bids lose against new ones.
        function decay() external view returns (uint64);
        /// Whether new bids are refused.
        function isPaused() external view returns (bool);
        /// The entry at `index` (zeroed once evicted).
        function entries(uint256 index) external view returns (bytes32 code, uint64 size, uint192 bid);
        /// Every entry.
        function getEntries() external view returns (Entry[] memory);
        /// The `k` entries of the smallest bids, smallest first.
        function getSmallestEntries(uint256 k) external view returns (Entry[] memory result);
        /// The least value `placeBid` takes for a program of `size` bytes.
        function getMinBid(uint64 size) external view returns (uint192 min);
        /// The least value `placeBid` takes for programs with `codehash`.
        function getMinBid(bytes32 codehash) external view returns (uint192 min);
        /// The least value `placeBid` takes for the program at `program`.
        function getMinBid(address program) external view returns (uint192 min);
        /// Caches the program at `program` for `msg.value`, evicting the
        /// smallest bids as needed.
        function placeBid(address program) external payable;
        /// Evicts the smallest bids until `size` bytes are free; the space free then.
        function makeSpace(uint64 size) external payable returns (uint64 space);
        /// Chain owner only: the cache's size.
        function setCacheSize(uint64 newSize) external;
        /// Chain owner only: the decay rate.
        function setDecayRate(uint64 newDecay) external;
        /// Chain owner only: refuse new bids.
        function paused() external;
        /// Chain owner only: accept bids again.
        function unpause() external;
        /// Chain owner only: evict everything.
        function evictAll() external;
        /// Chain owner only: evict up to `count` programs, smallest bids first.
        function evictPrograms(uint256 count) external;
        /// Sends the bids collected to the network's fee account.
        function sweepFunds() external;
        /// A program was cached.
        event InsertBid(bytes32 indexed codehash, address program, uint192 bid, uint64 size);
        /// A program was evicted.
        event DeleteBid(bytes32 indexed codehash, uint192 bid, uint64 size);
        /// The caller is not a chain owner.
        error NotChainOwner(address sender);
        /// The program does not fit in the cache.
        error AsmTooLarge(uint256 asm, uint256 queueSize, uint256 cacheSize);
        /// The program is cached already.
        error AlreadyCached(bytes32 codehash);
        /// The bid and the decay term overflow 192 bits.
        error BidTooLarge(uint256 bid);
        /// The bid is below the smallest it would evict.
        error BidTooSmall(uint192 bid, uint192 min);
        /// Bids are paused.
        error BidsArePaused();
        /// `makeSpace` for more than 5 MiB.
        error MakeSpaceTooLarge(uint64 size, uint64 limit);
    }
}

sol! {
    /// The StylusDeployer's interface.
    #[derive(Debug, PartialEq, Eq)]
    interface IStylusDeployer {
        /// Deploys `bytecode` (init code), then calls the new contract with
        /// `initData` and `initValue`; returns its address.
        function deploy(bytes bytecode, bytes initData, uint256 initValue, bytes32 salt)
            external payable returns (address);
        /// `CREATE2` salt used for a non-zero `salt`.
        function initSalt(bytes32 salt, bytes initData) external pure returns (bytes32);
        /// A contract was deployed.
        event ContractDeployed(address deployedContract);
        /// The init code could not be deployed.
        error ContractDeploymentError(bytes bytecode);
        /// The call with `initData` reverted with `data`.
        error ContractInitializationError(address newContract, bytes data);
        /// The value left over could not be refunded to the caller.
        error RefundExcessValueError(uint256 excessValue);
        /// No init code.
        error EmptyBytecode();
        /// Value for a call that is not made.
        error InitValueButNotInitData();
    }
}

/// What Nitro's activation counts of a program's wasm to price starting
/// it, and the prices (its cost model, in gas and bytes). The local chain
/// charges these; `lst-deploy` sizes its cache bids with them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ModuleStats {
    /// Functions defined (imports not counted).
    pub funcs: u64,
    /// Parameters and results over the defined functions' types.
    pub type_len: u64,
    /// Globals, the three Nitro's instrumentation adds included (ink left,
    /// ink status, stack depth left).
    pub globals: u64,
    /// Bytes of data segments plus element entries.
    pub data_len: u64,
    /// Bytes of the wasm.
    pub wasm_len: u64,
}

/// Globals Nitro's instrumentation adds to every program.
const INSTRUMENTATION_GLOBALS: u64 = 3;

impl ModuleStats {
    /// Counts `wasm`; what is wrong with it if it cannot be parsed.
    pub fn of(wasm: &[u8]) -> std::result::Result<Self, String> {
        use wasmparser::{CompositeInnerType, ElementItems, Parser, Payload};
        let invalid = |e: wasmparser::BinaryReaderError| e.to_string();
        let mut stats = Self { wasm_len: wasm.len() as u64, globals: INSTRUMENTATION_GLOBALS, ..Self::default() };
        let mut types: Vec<u64> = Vec::new();
        for payload in Parser::new(0).parse_all(wasm) {
            match payload.map_err(invalid)? {
                Payload::TypeSection(reader) => {
                    for group in reader {
                        for sub in group.map_err(invalid)?.into_types() {
                            types.push(match &sub.composite_type.inner {
                                CompositeInnerType::Func(f) => (f.params().len() + f.results().len()) as u64,
                                _ => 0,
                            });
                        }
                    }
                }
                Payload::FunctionSection(reader) => {
                    for ty in reader {
                        let ty = ty.map_err(invalid)?;
                        stats.funcs += 1;
                        stats.type_len += types.get(ty as usize).copied().unwrap_or(0);
                    }
                }
                Payload::GlobalSection(reader) => stats.globals += u64::from(reader.count()),
                Payload::DataSection(reader) => {
                    for data in reader {
                        stats.data_len += data.map_err(invalid)?.data.len() as u64;
                    }
                }
                Payload::ElementSection(reader) => {
                    for element in reader {
                        stats.data_len += u64::from(match element.map_err(invalid)?.items {
                            ElementItems::Functions(f) => f.count(),
                            ElementItems::Expressions(_, e) => e.count(),
                        });
                    }
                }
                _ => {}
            }
        }
        Ok(stats)
    }

    /// Nitro's `cachedCost` of a program with these counts and `footprint`
    /// pages (its activation's cost model, in gas).
    pub fn cached_init_cost(&self, footprint: u16) -> u64 {
        self.funcs * 13_420 / 100_000
            + self.type_len * 89 / 100_000
            + self.wasm_len * 122 / 100_000
            + self.globals * 1_628 / 1_000
            + self.data_len * 75_244 / 100_000
            + u64::from(footprint) * 5
    }

    /// Nitro's `initCost` (Stylus version 2: without the cached part).
    pub fn init_cost(&self) -> u64 {
        self.funcs * 8_252 / 1_000 + self.type_len * 1_059 / 1_000 + self.wasm_len * 1_286 / 10_000
    }

    /// Nitro's estimate of the machine code, in bytes.
    pub fn asm_estimate(&self) -> u64 {
        512_000 + self.funcs * 996_829 / 1_000 + self.type_len * 11_416 / 1_000 + self.wasm_len * 62_628 / 10_000
    }
}

/// Compresses `wasm` into deployable Stylus code (`0xEFF000`, no
/// dictionary, brotli-11: the compression the size budgets measure).
///
/// Brotli at quality 11 is slow (about half a second for one contract; it
/// was three quarters of the CPU time of the test suites, which deploy the
/// same five contracts in every test), so the code of each distinct wasm is
/// kept for the life of the process and a second deployment of the same
/// wasm reuses it.
pub fn code(wasm: &[u8]) -> Vec<u8> {
    static COMPRESSED: OnceLock<Mutex<HashMap<B256, Vec<u8>>>> = OnceLock::new();
    let key = keccak256(wasm);
    let cache = COMPRESSED.get_or_init(Mutex::default);
    // A panic elsewhere while holding the lock leaves the map consistent
    // (entries are inserted whole), so a poisoned lock is still usable.
    if let Some(code) = cache.lock().unwrap_or_else(PoisonError::into_inner).get(&key) {
        return code.clone();
    }
    let mut out = STYLUS_PREFIX.to_vec();
    // SAFETY: compressing from a slice into a Vec does no I/O that can fail.
    #[allow(clippy::expect_used)]
    lst_registry::stylus_compress_into(wasm, &mut out).expect("in-memory brotli");
    cache.lock().unwrap_or_else(PoisonError::into_inner).insert(key, out.clone());
    out
}

/// The init code that deploys `code`: cargo-stylus' EVM prelude, then the
/// code.
pub fn init_code(code: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(PRELUDE_LEN + code.len());
    out.push(0x7f); // PUSH32 code length
    out.extend_from_slice(&U256::from(code.len()).to_be_bytes::<32>());
    out.extend_from_slice(&PRELUDE_TAIL);
    out.extend_from_slice(code);
    out
}

/// The `CREATE2` salt of a deployment: `keccak256(salt ‖ initData)`.
pub fn init_salt(salt: B256, init_data: &[u8]) -> B256 {
    keccak256([salt.as_slice(), init_data].concat())
}

/// The address the deployer gives a deployment with non-zero `salt`.
pub fn create2_address(salt: B256, init_data: &[u8], init_code: &[u8]) -> Address {
    STYLUS_DEPLOYER.create2(init_salt(salt, init_data), keccak256(init_code))
}

/// Calldata of `deploy(bytecode, initData, initValue, salt)`.
pub fn deploy_calldata(init_code: &[u8], init_data: &[u8], init_value: U256, salt: B256) -> Vec<u8> {
    IStylusDeployer::deployCall {
        bytecode: init_code.to_vec().into(),
        initData: init_data.to_vec().into(),
        initValue: init_value,
        salt,
    }
    .abi_encode()
}

/// The deployer's `initData` that runs a Stylus `#[constructor]` with
/// `constructor_args` (ABI-encoded): its selector, then the arguments.
pub fn constructor_data(constructor_args: &[u8]) -> Vec<u8> {
    [&CONSTRUCTOR_SELECTOR[..], constructor_args].concat()
}

/// Calldata that deploys Stylus `code` and runs its `#[constructor]` with
/// `constructor_args` (ABI-encoded) in the same transaction, or no
/// constructor when `None` (zero salt: `CREATE`).
pub fn deploy_with_constructor(code: &[u8], constructor_args: Option<&[u8]>, value: U256) -> Vec<u8> {
    let init_data = constructor_args.map(constructor_data).unwrap_or_default();
    deploy_calldata(&init_code(code), &init_data, value, B256::ZERO)
}

/// The address a StylusDeployer `deploy` transaction created (from its
/// `ContractDeployed` event); a reverted deployment is an error naming
/// `backend`.
pub fn deployed(tx: &Tx, backend: &str) -> Result<Address> {
    if !tx.success {
        return Err(ChainFailure(format!("{backend}: deployment reverted: 0x{}", alloy::hex::encode(&tx.output))));
    }
    tx.logs
        .iter()
        .filter(|l| l.address == STYLUS_DEPLOYER)
        .find_map(|l| IStylusDeployer::ContractDeployed::decode_log_data(&l.data).ok())
        .map(|e| e.deployedContract)
        .ok_or_else(|| ChainFailure(format!("{backend}: no ContractDeployed event")))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use alloy::primitives::Log;

    #[test]
    fn the_constructor_selector_is_stylus_sdks() {
        assert_eq!(keccak256("stylus_constructor()")[..4], CONSTRUCTOR_SELECTOR);
    }

    #[test]
    fn code_is_the_prefix_and_the_size_checks_brotli() {
        let wasm: Vec<u8> = (0u32..20_000).flat_map(|i| i.wrapping_mul(2_654_435_761).to_le_bytes()).collect();
        let code = code(&wasm);
        assert_eq!(code[..4], STYLUS_PREFIX);
        assert_eq!(code.len(), STYLUS_PREFIX.len() + lst_registry::stylus_compressed_len(&wasm).unwrap());
    }

    #[test]
    fn the_same_wasm_gets_the_same_code_and_another_wasm_its_own() {
        let a: Vec<u8> = (0u32..5_000).flat_map(|i| i.wrapping_mul(40_503).to_le_bytes()).collect();
        let mut b = a.clone();
        b[17] ^= 1;
        let first = code(&a);
        assert_eq!(code(&a), first);
        let other = code(&b);
        assert_ne!(other, first);
        assert_eq!(other.len(), STYLUS_PREFIX.len() + lst_registry::stylus_compressed_len(&b).unwrap());
    }

    #[test]
    fn init_code_states_the_code_length_then_the_code() {
        let init = init_code(&[1, 2, 3]);
        assert_eq!(init.len(), PRELUDE_LEN + 3);
        assert_eq!(U256::from_be_slice(&init[1..33]), U256::from(3));
        assert_eq!(init[33..PRELUDE_LEN], PRELUDE_TAIL);
        assert_eq!(init[PRELUDE_LEN..], [1, 2, 3]);
    }

    #[test]
    fn constructor_data_is_the_selector_then_the_arguments() {
        assert_eq!(constructor_data(&[9, 9]), [0x55, 0x85, 0x25, 0x8d, 9, 9]);
    }

    #[test]
    fn deploy_calldata_decodes_to_its_parts() {
        let salt = B256::repeat_byte(7);
        let data = deploy_calldata(&[1], &[2], U256::from(3), salt);
        let call = IStylusDeployer::deployCall::abi_decode(&data).unwrap();
        assert_eq!(
            (call.bytecode.to_vec(), call.initData.to_vec(), call.initValue, call.salt),
            (vec![1], vec![2], U256::from(3), salt)
        );
    }

    #[test]
    fn the_create2_address_depends_on_the_init_data() {
        let salt = B256::repeat_byte(1);
        assert_ne!(create2_address(salt, &[1], &[0xef]), create2_address(salt, &[2], &[0xef]));
    }

    #[test]
    fn a_deployment_is_read_from_its_event() {
        let at = Address::repeat_byte(5);
        let event = IStylusDeployer::ContractDeployed { deployedContract: at };
        let mut tx = Tx::refused(Vec::new());
        tx.success = true;
        tx.logs = vec![Log { address: STYLUS_DEPLOYER, data: event.encode_log_data() }];
        assert_eq!(deployed(&tx, "test").unwrap(), at);
    }

    #[test]
    fn a_reverted_or_silent_deployment_is_an_error() {
        assert!(deployed(&Tx::refused(vec![0xde, 0xad]), "test").unwrap_err().0.contains("reverted: 0xdead"));
        let mut silent = Tx::refused(Vec::new());
        silent.success = true;
        assert!(deployed(&silent, "test").unwrap_err().0.contains("no ContractDeployed"));
    }
}
