//! The Stylus chain as an [`lst_client::Chain`], in process (no network).

use alloy_primitives::{Address, B256, U256};
use lst_client::{
    stylus::{self, STYLUS_DEPLOYER},
    Chain, ChainFailure, ChainLog, Contract, Deployment, LogHistory, Platform, Result, Tx,
};

fn failure(e: impl std::fmt::Display) -> ChainFailure {
    ChainFailure(e.to_string())
}

/// The Stylus chain in process, with the same funded dev accounts as
/// `lst-node --platform stylus`.
pub struct InProcess {
    chain: crate::Chain,
    accounts: Vec<Address>,
    /// Every log so far, with its block.
    history: LogHistory,
    /// Where the last transaction's gas went.
    last_breakdown: crate::GasBreakdown,
}

impl InProcess {
    /// A fresh chain with id `chain_id`.
    pub fn new(chain_id: u64) -> Result<Self> {
        let mut chain = crate::Chain::new(chain_id).map_err(failure)?;
        let accounts = fund_dev_accounts(&mut chain).map_err(failure)?;
        Ok(Self { chain, accounts, history: LogHistory::default(), last_breakdown: crate::GasBreakdown::default() })
    }

    /// An independent copy of this chain, its accounts and log history
    /// (see [`crate::Chain::fork`]).
    pub fn fork(&self) -> Result<Self> {
        Ok(Self {
            chain: self.chain.fork().map_err(failure)?,
            accounts: self.accounts.clone(),
            history: self.history.clone(),
            last_breakdown: self.last_breakdown,
        })
    }

    /// Where the gas of the last transaction sent went (the gas
    /// benchmark's breakdown).
    pub fn last_breakdown(&self) -> crate::GasBreakdown {
        self.last_breakdown
    }

    /// The chain underneath (for fuel measurements and direct state).
    pub fn inner(&mut self) -> &mut crate::Chain {
        &mut self.chain
    }
}

impl Chain for InProcess {
    fn backend(&self) -> String {
        "in-process".into()
    }

    fn platform(&self) -> Platform {
        Platform::Stylus
    }

    fn nonce(&mut self, account: Address) -> Result<u64> {
        Ok(self.chain.world().account(account).nonce)
    }

    fn accounts(&self) -> &[Address] {
        &self.accounts
    }

    fn chain_id(&mut self) -> Result<u64> {
        Ok(self.chain.block().chain_id)
    }

    fn deploy_tx(&mut self, from: Address, contract: Contract, constructor_args: &[u8]) -> Result<Deployment> {
        let code = contract.code(Platform::Stylus)?;
        self.chain.compile(&code).map_err(failure)?;
        let data = stylus::deploy_with_constructor(&code, Some(constructor_args), U256::ZERO);
        let tx = self.send(from, STYLUS_DEPLOYER, U256::ZERO, &data)?;
        Ok(Deployment { address: stylus::deployed(&tx, "in-process")?, tx })
    }

    fn send(&mut self, from: Address, to: Address, value: U256, data: &[u8]) -> Result<Tx> {
        self.chain.mine(1);
        let r = self.chain.send(from, to, value, data).map_err(failure)?;
        self.history.record(r.block_number, &r.logs);
        self.last_breakdown = r.breakdown;
        Ok(Tx {
            success: r.success,
            output: if r.success { Vec::new() } else { r.output },
            logs: r.logs,
            cost: r.gas_used,
            fee: U256::ZERO,
            hash: None,
            block: r.block_number,
        })
    }

    fn call(&mut self, to: Address, data: &[u8]) -> Result<std::result::Result<Vec<u8>, Vec<u8>>> {
        let r = self.chain.call(Address::ZERO, to, U256::ZERO, data).map_err(failure)?;
        Ok(if r.success { Ok(r.output) } else { Err(r.output) })
    }

    fn balance(&mut self, account: Address) -> Result<U256> {
        Ok(self.chain.balance(account))
    }

    fn state_digest(&mut self, account: Address) -> Result<Option<B256>> {
        let world = self.chain.world();
        let mut bytes = [0u8; 40];
        bytes[..8].copy_from_slice(&world.storage_writes(account).to_be_bytes());
        bytes[8..].copy_from_slice(&world.balance(account).to_be_bytes::<32>());
        Ok(Some(alloy_primitives::keccak256(bytes)))
    }

    fn block_number(&mut self) -> Result<u64> {
        Ok(self.chain.block().number)
    }

    fn contract_block_number(&mut self) -> Result<u64> {
        Ok(self.chain.block().l1_number)
    }

    fn timestamp(&mut self) -> Result<u64> {
        Ok(self.chain.block().timestamp)
    }

    fn code(&mut self, account: Address) -> Result<Vec<u8>> {
        Ok(self.chain.world().program(account).map(|p| p.code.to_vec()).unwrap_or_default())
    }

    fn mine(&mut self, blocks: u64) -> Result<()> {
        (0..blocks).for_each(|_| self.chain.mine(1));
        Ok(())
    }

    fn advance_time(&mut self, seconds: u64) -> Result<()> {
        self.chain.advance_time(seconds);
        Ok(())
    }

    fn log_records(&mut self, address: Address, from_block: u64, to_block: u64) -> Result<Vec<ChainLog>> {
        Ok(self.history.between(address, from_block, to_block))
    }
}

/// Gives each dev account [`lst_client::dev::DEV_BALANCE`]; returns their
/// addresses.
pub fn fund_dev_accounts(chain: &mut crate::Chain) -> std::result::Result<Vec<Address>, crate::ChainError> {
    let accounts = lst_client::dev::dev_accounts();
    for address in &accounts {
        chain.fund(*address, lst_client::dev::DEV_BALANCE);
    }
    Ok(accounts)
}
