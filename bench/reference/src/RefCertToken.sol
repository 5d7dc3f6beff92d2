// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Pausable} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Pausable.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";

/// @notice ankrAVAX as OpenZeppelin 5 builds it: ERC-20 with EIP-2612
/// permit, pausable transfers, minted and burnt by the pool alone.
contract RefCertToken is ERC20, ERC20Pausable, ERC20Permit {
    address public immutable pool;

    error Unauthorized(address account);

    constructor(address pool_) ERC20("Ankr Staked AVAX", "ankrAVAX") ERC20Permit("Ankr Staked AVAX") {
        pool = pool_;
    }

    modifier onlyPool() {
        if (msg.sender != pool) revert Unauthorized(msg.sender);
        _;
    }

    /// @notice The pool mints `amount` to `to`.
    function mint(address to, uint256 amount) external onlyPool {
        _mint(to, amount);
    }

    /// @notice The pool burns `amount` of `from`'s (no allowance).
    function burn(address from, uint256 amount) external onlyPool {
        _burn(from, amount);
    }

    /// @notice The pool pauses transfers.
    function pause() external onlyPool {
        _pause();
    }

    function _update(address from, address to, uint256 value) internal override(ERC20, ERC20Pausable) {
        super._update(from, to, value);
    }
}
