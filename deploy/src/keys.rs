//! Signing keys from Ethereum keystore files (the format Foundry's
//! `cast wallet` and geth write: scrypt and AES-128-CTR behind a MAC), for
//! `lst-deploy` and the backend's services alike — so no tool needs a raw
//! hex key on its command line, where shell history and `ps` keep it.
//!
//! The password comes from a file (`--password-file`), else `ETH_PASSWORD`
//! (as `cast` reads it), else `LST_KEYSTORE_PASSWORD`, else a prompt on
//! the terminal. A wrong password is [`KeyError::WrongPassword`].

use alloy::{primitives::B256, signers::local::PrivateKeySigner};
use std::path::{Path, PathBuf};

/// Why a key could not be read.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum KeyError {
    /// The keystore file does not exist.
    #[error("keystore {0}: no such file")]
    NoSuchKeystore(PathBuf),
    /// The password does not open the keystore (its MAC does not match).
    #[error("keystore {0}: wrong password")]
    WrongPassword(PathBuf),
    /// The file is not a keystore this tool reads.
    #[error("keystore {path}: {reason}")]
    Unreadable {
        /// The file.
        path: PathBuf,
        /// What is wrong with it.
        reason: String,
    },
    /// The password file cannot be read.
    #[error("--password-file {path}: {reason}")]
    PasswordFile {
        /// The file.
        path: PathBuf,
        /// Why.
        reason: String,
    },
    /// No password was given and there is no terminal to ask on.
    #[error("no keystore password: give --password-file, or set ETH_PASSWORD or LST_KEYSTORE_PASSWORD")]
    NoPassword,
}

/// A keystore password: from `file` (a trailing newline dropped), else
/// `ETH_PASSWORD`, else `LST_KEYSTORE_PASSWORD`, else a prompt showing
/// `prompt` when a terminal is attached.
pub fn password(file: Option<&Path>, prompt: &str) -> Result<String, KeyError> {
    if let Some(file) = file {
        let text = std::fs::read_to_string(file)
            .map_err(|e| KeyError::PasswordFile { path: file.to_owned(), reason: e.to_string() })?;
        return Ok(text.trim_end_matches(['\n', '\r']).to_owned());
    }
    for var in ["ETH_PASSWORD", "LST_KEYSTORE_PASSWORD"] {
        if let Ok(p) = std::env::var(var) {
            return Ok(p);
        }
    }
    if !std::io::IsTerminal::is_terminal(&std::io::stdin()) {
        return Err(KeyError::NoPassword);
    }
    rpassword::prompt_password(format!("{prompt}: "))
        .map_err(|e| KeyError::PasswordFile { path: PathBuf::from("<terminal>"), reason: e.to_string() })
}

/// The secret key in keystore `path`, opened with `password`.
pub fn decrypt(path: &Path, password: &str) -> Result<B256, KeyError> {
    if !path.is_file() {
        return Err(KeyError::NoSuchKeystore(path.to_owned()));
    }
    match PrivateKeySigner::decrypt_keystore(path, password) {
        Ok(signer) => Ok(B256::from_slice(&signer.credential().to_bytes())),
        Err(alloy::signers::local::LocalSignerError::EthKeystoreError(eth_keystore::KeystoreError::MacMismatch)) => {
            Err(KeyError::WrongPassword(path.to_owned()))
        }
        Err(e) => Err(KeyError::Unreadable { path: path.to_owned(), reason: e.to_string() }),
    }
}

/// The secret key in keystore `path`, its password from `password_file`,
/// the environment or the terminal ([`password`]).
pub fn from_keystore(path: &Path, password_file: Option<&Path>) -> Result<B256, KeyError> {
    if !path.is_file() {
        return Err(KeyError::NoSuchKeystore(path.to_owned()));
    }
    let password = password(password_file, &format!("password of {}", path.display()))?;
    decrypt(path, &password)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    /// A fresh directory holding keystore `name` of `key` under `password`.
    fn keystore(test: &str, key: B256, password: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("lst-keys-{test}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let mut rng = rand_core::OsRng;
        PrivateKeySigner::encrypt_keystore(&dir, &mut rng, key, password, Some("k")).unwrap();
        dir.join("k")
    }

    #[test]
    fn the_right_password_opens_the_keystore() {
        let key = B256::repeat_byte(7);
        let path = keystore("right", key, "correct horse");
        assert_eq!(decrypt(&path, "correct horse"), Ok(key));
    }

    #[test]
    fn a_wrong_password_is_wrong_password() {
        let path = keystore("wrong", B256::repeat_byte(7), "correct horse");
        assert_eq!(decrypt(&path, "battery staple"), Err(KeyError::WrongPassword(path.clone())));
    }

    #[test]
    fn a_missing_keystore_is_no_such_keystore() {
        let path = std::env::temp_dir().join("lst-keys-none/absent");
        assert_eq!(from_keystore(&path, None), Err(KeyError::NoSuchKeystore(path.clone())));
    }

    #[test]
    fn a_file_that_is_no_keystore_is_unreadable() {
        let path = keystore("garbage", B256::repeat_byte(7), "p");
        std::fs::write(&path, "{}").unwrap();
        assert!(matches!(decrypt(&path, "p"), Err(KeyError::Unreadable { .. })));
    }

    #[test]
    fn the_password_file_is_read_without_its_trailing_newline() {
        let key = B256::repeat_byte(9);
        let path = keystore("pwfile", key, "from a file");
        let file = path.with_file_name("password");
        std::fs::write(&file, "from a file\n").unwrap();
        assert_eq!(from_keystore(&path, Some(&file)), Ok(key));
    }

    #[test]
    fn an_unreadable_password_file_is_named() {
        let path = keystore("nopwfile", B256::repeat_byte(9), "p");
        let file = path.with_file_name("absent-password");
        assert!(matches!(from_keystore(&path, Some(&file)), Err(KeyError::PasswordFile { .. })));
    }
}
