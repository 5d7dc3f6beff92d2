//! The calls the contracts make to each other (typed wrappers over
//! `call`/`static_call`, from `sol_interface!`).
#![allow(missing_docs)]

use alloc::vec;
use stylus_sdk::prelude::sol_interface;

sol_interface! {
    /// The ratio feed, as the tokens and the pools read and update it.
    interface IRatioFeed {
        function getRatioFor(address token) external view returns (uint256);
        function updateRatio(address token, uint256 new_ratio) external;
    }

    /// A certificate token (ankrAVAX), as its pool mints and burns it.
    interface ICertToken {
        function mint(address to, uint256 amount) external;
        function burn(address from, uint256 amount) external;
    }

    /// A bond token (aAVAXb, aKSMb, aDOTb), as its pool moves its shares
    /// and reads the ratio its balances use.
    interface IBondToken {
        function ratio() external view returns (uint256);
        function mintShares(address to, uint256 shares) external;
        function burnShares(address from, uint256 shares) external;
    }
}
