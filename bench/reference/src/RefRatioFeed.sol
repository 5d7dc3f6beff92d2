// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @notice The ratio feed as the pool's hot path uses it: one ratio per
/// token, moved only by that token's updater, never up, at most 0.1 % per
/// update and once per interval. A measuring stick for gas, not a product:
/// no batch form, no repair, no policy setters beyond registration.
contract RefRatioFeed {
    struct Feed {
        uint128 ratio;
        uint64 lastUpdated;
        address updater;
    }

    uint256 public constant THRESHOLD_BPS = 10;
    uint256 public constant INTERVAL = 12 hours;

    address public immutable owner;
    mapping(address => Feed) internal feeds;

    error UnknownToken(address token);
    error Unauthorized(address account);
    error RatioOutOfBounds(uint256 oldRatio, uint256 newRatio);
    error TooSoon(uint256 nextUpdate);

    event RatioUpdated(address indexed token, uint256 oldRatio, uint256 newRatio);

    constructor() {
        owner = msg.sender;
    }

    /// @notice Registers `token` at ratio 1e18, moved by `updater`.
    function addToken(address token, address updater) external {
        if (msg.sender != owner) revert Unauthorized(msg.sender);
        feeds[token] = Feed({ratio: 1e18, lastUpdated: uint64(block.timestamp), updater: updater});
    }

    /// @notice The ratio of `token`; an unknown token is refused by name.
    function getRatioFor(address token) external view returns (uint256) {
        uint256 ratio = feeds[token].ratio;
        if (ratio == 0) revert UnknownToken(token);
        return ratio;
    }

    /// @notice `token`'s updater moves its ratio within the bounds.
    function updateRatio(address token, uint256 newRatio) external {
        Feed memory feed = feeds[token];
        if (feed.ratio == 0) revert UnknownToken(token);
        if (msg.sender != feed.updater) revert Unauthorized(msg.sender);
        if (newRatio == feed.ratio) return;
        if (block.timestamp < feed.lastUpdated + INTERVAL) revert TooSoon(feed.lastUpdated + INTERVAL);
        if (newRatio > feed.ratio || feed.ratio - newRatio > (feed.ratio * THRESHOLD_BPS) / 10_000) {
            revert RatioOutOfBounds(feed.ratio, newRatio);
        }
        feeds[token] = Feed({ratio: uint128(newRatio), lastUpdated: uint64(block.timestamp), updater: feed.updater});
        emit RatioUpdated(token, feed.ratio, newRatio);
    }
}
