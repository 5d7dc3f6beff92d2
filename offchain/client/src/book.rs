//! The address book: one file per chain, `deployments/<chain-id>.json`,
//! that `lst-deploy up` writes when a deployment is complete — the
//! contracts' addresses and code hashes, the roles, the block the
//! deployment started at — for dapps, indexers and services to read.
//! `@lst/contracts` exports the same files by chain id; [`AddressBook::load`]
//! reads them here. The deploy tool's own manifest
//! (`deployments/<network>.json`) is its working state (steps done, a
//! deployment in flight); the book is what others read. Books of local dev
//! chains are written but not committed (the repository's `.gitignore`).

use alloy::primitives::{Address, B256};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// A deployed contract in the book.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Entry {
    /// Where it lives.
    pub address: Address,
    /// `keccak256` of its code on chain.
    pub code_hash: B256,
    /// Its ABI, relative to the repository root (`abi/<Contract>.json`).
    pub abi: String,
}

/// One chain's deployment of the suite.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AddressBook {
    /// The chain id.
    pub chain_id: u64,
    /// The network name it was deployed as (`arbitrum-sepolia`, …).
    pub network: String,
    /// The contracts' platform: `stylus` or `ink`.
    pub platform: String,
    /// The block the deployment started at: where an indexer starts.
    pub start_block: u64,
    /// The accounts holding each role (`admin`, `operator`, `oracle`,
    /// `notary`, `pauser`, `treasury`, `validatorOperator0`, …).
    pub roles: BTreeMap<String, Address>,
    /// The contracts by the suite's names (`AvalanchePool`, `aKSMb`, …).
    pub contracts: BTreeMap<String, Entry>,
}

impl AddressBook {
    /// `deployments/<chain_id>.json` under `root`.
    pub fn path(root: &Path, chain_id: u64) -> PathBuf {
        root.join("deployments").join(format!("{chain_id}.json"))
    }

    /// The book of chain `chain_id` under `root`, or `None` when there is
    /// none.
    pub fn load(root: &Path, chain_id: u64) -> Result<Option<Self>, String> {
        let path = Self::path(root, chain_id);
        match std::fs::read_to_string(&path) {
            Ok(text) => {
                let book: Self = serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
                if book.chain_id != chain_id {
                    return Err(format!("{}: the book of chain {}", path.display(), book.chain_id));
                }
                Ok(Some(book))
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(format!("{}: {e}", path.display())),
        }
    }

    /// Writes it to `deployments/<chain id>.json` under `root`; returns the
    /// path.
    pub fn save(&self, root: &Path) -> Result<PathBuf, String> {
        let path = Self::path(root, self.chain_id);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        }
        let text = serde_json::to_string_pretty(self).map_err(|e| e.to_string())? + "\n";
        std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))?;
        Ok(path)
    }

    /// The address of contract `name`.
    pub fn address(&self, name: &str) -> Option<Address> {
        self.contracts.get(name).map(|e| e.address)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn book() -> AddressBook {
        AddressBook {
            chain_id: 421_614,
            network: "arbitrum-sepolia".into(),
            platform: "stylus".into(),
            start_block: 7,
            roles: BTreeMap::from([("admin".into(), Address::repeat_byte(1))]),
            contracts: BTreeMap::from([(
                "AvalanchePool".into(),
                Entry {
                    address: Address::repeat_byte(2),
                    code_hash: B256::repeat_byte(3),
                    abi: "abi/AvalanchePool.json".into(),
                },
            )]),
        }
    }

    #[test]
    fn a_saved_book_loads_back_by_its_chain_id() {
        let root = std::env::temp_dir().join(format!("lst-book-{}", std::process::id()));
        let saved = book();
        assert_eq!(saved.save(&root).unwrap(), root.join("deployments/421614.json"));
        assert_eq!(AddressBook::load(&root, 421_614).unwrap(), Some(saved));
        assert_eq!(AddressBook::load(&root, 1).unwrap(), None, "no book for another chain");
        assert_eq!(book().address("AvalanchePool"), Some(Address::repeat_byte(2)));
    }

    #[test]
    fn a_book_filed_under_another_chain_id_is_refused() {
        let root = std::env::temp_dir().join(format!("lst-book-misfiled-{}", std::process::id()));
        book().save(&root).unwrap();
        std::fs::rename(root.join("deployments/421614.json"), root.join("deployments/5.json")).unwrap();
        assert!(AddressBook::load(&root, 5).unwrap_err().contains("the book of chain 421614"));
    }

    #[test]
    fn the_file_uses_camel_case_keys() {
        let text = serde_json::to_string(&book()).unwrap();
        assert!(
            text.contains("\"chainId\":421614") && text.contains("\"startBlock\":7") && text.contains("\"codeHash\"")
        );
    }
}
