// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

interface IRefFeed {
    function getRatioFor(address token) external view returns (uint256);
}

interface IRefCert {
    function mint(address to, uint256 amount) external;
    function burn(address from, uint256 amount) external;
}

/// @notice The AVAX pool's stake / claim / serve / withdraw path as a
/// Solidity developer would write it to the same rules: ankrAVAX minted at
/// the feed's ratio (rounded down), whole-AVAX stakes above a minimum,
/// accounted totals (never the raw balance), claims burnt at once and queued
/// first-in first-out with their AVAX fixed, the operator serving every
/// request up to an id in O(1) from the free balance, owners pulling what is
/// served. Feed and token are immutables (a Solidity team would make them
/// so; the Stylus pool reads them from storage). Left out, because the
/// measured operations do not touch them: bonds (aAVAXb), pushed payments,
/// stake collection, reward reports, fee and timelocked settings, pausing
/// beyond the flag, ownership transfer.
contract RefAvalanchePool {
    struct Request {
        uint256 assets;
        uint256 cumulative;
        address owner;
        bool withdrawn;
    }

    IRefFeed public immutable feed;
    IRefCert public immutable cert;

    address public operator;
    bool public paused;
    uint256 public minStake = 1 ether;
    uint256 public totalPooledAvax;
    uint256 public totalShares;

    mapping(uint64 => Request) internal requests;
    mapping(address => uint256) public pendingAvaxClaimsOf;
    uint256 public totalRequested;
    uint256 public totalFinalized;
    uint256 public totalWithdrawn;
    uint64 public tail;
    uint64 public finalized;

    error EnforcedPause();
    error StakeTooSmall(uint256 min);
    error NotWholeAvax();
    error ZeroAmount();
    error Unauthorized(address account);
    error ServeOutOfRange();
    error InsufficientFunding();
    error RequestNotFound();
    error NotClaimable();
    error AlreadyWithdrawn();
    error TransferFailed(address to, uint256 amount);

    event StakePendingV2(address indexed staker, uint256 amount, bool indexed isRebasing);
    event AvaxClaimPendingV2(address indexed claimer, uint256 amount, bool indexed isRebasing);
    event ClaimRequested(uint256 indexed requestId, address indexed claimer, uint256 amount);
    event ClaimsServed(uint256 firstId, uint256 lastId, uint256 amount);
    event ClaimWithdrawn(uint256 indexed requestId, address indexed claimer, uint256 amount);

    constructor(IRefFeed feed_, IRefCert cert_, address operator_) {
        feed = feed_;
        cert = cert_;
        operator = operator_;
    }

    /// @notice Stakes `msg.value` for ankrAVAX at the current ratio.
    function stakeAndClaimCerts() external payable {
        if (paused) revert EnforcedPause();
        if (msg.value < minStake) revert StakeTooSmall(minStake);
        if (msg.value % 1 ether != 0) revert NotWholeAvax();
        uint256 shares = Math.mulDiv(msg.value, feed.getRatioFor(address(cert)), 1e18);
        cert.mint(msg.sender, shares);
        totalPooledAvax += msg.value;
        totalShares += shares;
        emit StakePendingV2(msg.sender, msg.value, false);
    }

    /// @notice Burns `shares` ankrAVAX and queues the AVAX they are worth now.
    function claimCerts(uint256 shares) external returns (uint256 id) {
        if (paused) revert EnforcedPause();
        if (shares == 0) revert ZeroAmount();
        uint256 assets = Math.mulDiv(shares, 1e18, feed.getRatioFor(address(cert)));
        if (assets == 0) revert ZeroAmount();
        cert.burn(msg.sender, shares);
        totalPooledAvax -= assets;
        totalShares -= shares;
        uint64 next = tail + 1;
        uint256 cumulative = totalRequested + assets;
        requests[next] = Request({assets: assets, cumulative: cumulative, owner: msg.sender, withdrawn: false});
        tail = next;
        totalRequested = cumulative;
        pendingAvaxClaimsOf[msg.sender] += assets;
        emit AvaxClaimPendingV2(msg.sender, assets, false);
        emit ClaimRequested(next, msg.sender, assets);
        return next;
    }

    /// @notice The operator makes every request up to `upToId` claimable,
    /// paid from the free balance (payable: it may bring the AVAX).
    function serveClaims(uint256 upToId) external payable {
        if (msg.sender != operator) revert Unauthorized(msg.sender);
        uint64 first = finalized + 1;
        if (upToId < first || upToId > tail) revert ServeOutOfRange();
        uint256 cumulative = requests[uint64(upToId)].cumulative;
        uint256 amount = cumulative - totalFinalized;
        uint256 reserved = totalFinalized - totalWithdrawn;
        if (address(this).balance - reserved < amount) revert InsufficientFunding();
        finalized = uint64(upToId);
        totalFinalized = cumulative;
        emit ClaimsServed(first, upToId, amount);
    }

    /// @notice The owner of a served request takes its AVAX.
    function withdrawClaim(uint256 requestId) external {
        Request storage request = requests[uint64(requestId)];
        if (requestId > type(uint64).max || request.owner != msg.sender) revert RequestNotFound();
        if (requestId > finalized) revert NotClaimable();
        if (request.withdrawn) revert AlreadyWithdrawn();
        request.withdrawn = true;
        uint256 assets = request.assets;
        pendingAvaxClaimsOf[msg.sender] -= assets;
        totalWithdrawn += assets;
        (bool ok,) = msg.sender.call{value: assets}("");
        if (!ok) revert TransferFailed(msg.sender, assets);
        emit ClaimWithdrawn(requestId, msg.sender, assets);
    }
}
