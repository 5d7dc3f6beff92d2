//! Attribute macros that write the messages every ink! contract of the suite
//! shares, once: the five messages of two-step ownership, the seven of the
//! mint gate and the three of scheduled changes. A contract names the fields that hold the kits and gets the
//! messages, with the same Solidity names, selectors and docs in every
//! contract.
//!
//! Each attribute goes in front of `#[ink::contract]` on the contract's
//! module and adds one more `impl` block of `#[ink(message)]`s for the
//! module's `#[ink(storage)]` struct; `#[ink::contract]` then sees them as
//! if they were written by hand. (A declarative macro cannot do this: ink!'s
//! generated code takes the hygiene of the attribute, which inside a
//! `macro_rules!` expansion is not the contract's own, and no longer finds
//! `self`.) Use them through `lst_ink_common`, which re-exports them and
//! whose items the generated code calls.

use proc_macro::TokenStream;
use proc_macro2::TokenStream as TokenStream2;
use quote::quote;
use syn::{parse::Parser, parse_macro_input, punctuated::Punctuated, Ident, Item, ItemMod, Token};

/// `#[lst_ink_common::ownable_messages(field)]`: the messages of two-step ownership
/// over the storage's `field` (an `lst_ink_common::ownable::Ownable2Step`):
/// `owner()`, `pendingOwner()`, `transferOwnership(address)`,
/// `acceptOwnership()`, `renounceOwnership()`.
#[proc_macro_attribute]
pub fn ownable_messages(attr: TokenStream, item: TokenStream) -> TokenStream {
    let field = parse_macro_input!(attr as Ident);
    let module = parse_macro_input!(item as ItemMod);
    with_messages(module, |storage| ownership_block(storage, &field))
        .unwrap_or_else(syn::Error::into_compile_error)
        .into()
}

/// `#[lst_ink_common::mint_gate_messages(gate, ownable)]`: the messages of the mint
/// gate over the storage's `gate` field (an `lst_ink_common::gate::MintGate`),
/// its owner-only setters checked against the `ownable` field: `pool()`,
/// `pauser()`, `paused()`, `setPool(address)`, `setPauser(address)`,
/// `pause()`, `unpause()`.
#[proc_macro_attribute]
pub fn mint_gate_messages(attr: TokenStream, item: TokenStream) -> TokenStream {
    let module = parse_macro_input!(item as ItemMod);
    gate_fields(attr.into())
        .and_then(|gate| with_messages(module, |storage| gate_block(storage, &gate)))
        .unwrap_or_else(syn::Error::into_compile_error)
        .into()
}

/// `#[lst_ink_common::timelock_messages(changes, ownable)]` or
/// `#[lst_ink_common::timelock_messages(changes, ownable, pausable)]`: the
/// messages of scheduled changes over the storage's `changes` field (an
/// `lst_ink_common::timelock::Timelock`): `changeDelay()`,
/// `pendingChange(bytes32)` and `cancelChange(bytes32)`. Cancelling runs
/// on the contract, which implements `lst_app::timelock::Store` (and, with
/// a `pausable` field, `lst_app::pausable::Store`): the owner may cancel
/// (`lst_app::timelock::cancel_change`), with a `pausable` field its pauser
/// too (`cancel_change_by_owner_or_pauser`). The ownership field is named
/// for the reader.
#[proc_macro_attribute]
pub fn timelock_messages(attr: TokenStream, item: TokenStream) -> TokenStream {
    let module = parse_macro_input!(item as ItemMod);
    timelock_fields(attr.into())
        .and_then(|fields| with_messages(module, |storage| timelock_block(storage, &fields)))
        .unwrap_or_else(syn::Error::into_compile_error)
        .into()
}

/// The fields of `#[timelock_messages(changes, ownable[, pausable])]`.
struct TimelockFields {
    changes: Ident,
    pausable: Option<Ident>,
}

fn timelock_fields(attr: TokenStream2) -> syn::Result<TimelockFields> {
    let fields = Punctuated::<Ident, Token![,]>::parse_terminated.parse2(attr)?;
    let mut names = fields.iter().cloned();
    match (names.next(), names.next(), names.next(), names.next()) {
        (Some(changes), Some(_ownable), pausable, None) => Ok(TimelockFields { changes, pausable }),
        _ => Err(syn::Error::new_spanned(
            fields,
            "expected the timelock's field, the ownership field and optionally the pausable field: \
             #[timelock_messages(changes, ownable, pausable)]",
        )),
    }
}

fn timelock_block(storage: &Ident, f: &TimelockFields) -> TokenStream2 {
    let changes = &f.changes;
    let (who, cancel) = match &f.pausable {
        None => ("Owner", quote!(cancel_change)),
        Some(_) => ("Owner or pauser", quote!(cancel_change_by_owner_or_pauser)),
    };
    let cancel_doc = format!(" {who}: cancels the change waiting for `key`.");
    quote! {
        impl #storage {
            /// How long a scheduled change waits, in seconds.
            #[ink(message, name = "changeDelay")]
            pub fn change_delay(&self) -> U256 {
                U256::from(self.#changes.delay())
            }

            /// `(value, executableAt)` of the change waiting for `key` (zeros
            /// when none): the key is the setter's selector, then the token
            /// or bond it is about (`lst_core::timelock::change_key`).
            #[ink(message, name = "pendingChange")]
            pub fn pending_change(&self, key: ::lst_ink_common::Bytes32) -> (::lst_ink_common::Bytes32, U256) {
                self.#changes.pending(&key)
            }

            #[doc = #cancel_doc]
            #[ink(message, name = "cancelChange")]
            pub fn cancel_change(
                &mut self,
                key: ::lst_ink_common::Bytes32,
            ) -> ::core::result::Result<(), ::lst_ink_common::Failure> {
                Ok(::lst_ink_common::lst_app::timelock::#cancel(self, key.0)?)
            }
        }
    }
}

/// The gate's field of `#[mint_gate_messages(gate, ownable)]` (the
/// ownership field is named for the reader: the owner check runs on the
/// contract, which `#[ownable_messages]` makes `Owned`).
fn gate_fields(attr: TokenStream2) -> syn::Result<Ident> {
    let fields = Punctuated::<Ident, Token![,]>::parse_terminated.parse2(attr)?;
    let mut names = fields.iter();
    match (names.next(), names.next(), names.next()) {
        (Some(gate), Some(_ownable), None) => Ok(gate.clone()),
        _ => Err(syn::Error::new_spanned(
            fields,
            "expected the mint gate's field and the ownership field: #[mint_gate_messages(gate, ownable)]",
        )),
    }
}

/// `module` with the items `messages` writes for the module's
/// `#[ink(storage)]` struct (its `impl` blocks).
fn with_messages(mut module: ItemMod, messages: impl FnOnce(&Ident) -> TokenStream2) -> syn::Result<TokenStream2> {
    let Some((_, items)) = module.content.as_mut() else {
        return Err(syn::Error::new_spanned(&module.ident, "expected the contract's module with its items inline"));
    };
    let Some(storage) = items.iter().find_map(storage_struct) else {
        return Err(syn::Error::new_spanned(&module.ident, "expected an #[ink(storage)] struct in this module"));
    };
    let added: syn::File = syn::parse2(messages(&storage))?;
    items.extend(added.items);
    Ok(quote!(#module))
}

/// The name of `item` if it is the `#[ink(storage)]` struct.
fn storage_struct(item: &Item) -> Option<Ident> {
    let Item::Struct(s) = item else { return None };
    let is_storage = s.attrs.iter().any(|attr| {
        let mut storage = false;
        if attr.path().is_ident("ink") {
            // Other ink! attributes (`event`, `topic`) parse too; anything
            // that does not is simply not the storage attribute.
            let _ = attr.parse_nested_meta(|meta| {
                storage |= meta.path.is_ident("storage");
                Ok(())
            });
        }
        storage
    });
    is_storage.then(|| s.ident.clone())
}

fn ownership_block(storage: &Ident, field: &Ident) -> TokenStream2 {
    quote! {
        impl ::lst_ink_common::lst_app::Owned for #storage {
            fn owner(&self) -> ::lst_ink_common::lst_app::Address {
                ::lst_ink_common::lst_app::Owned::owner(&self.#field)
            }
        }

        impl #storage {
            /// The owner.
            #[ink(message)]
            pub fn owner(&self) -> Address {
                self.#field.owner()
            }

            /// The account that may accept ownership (zero when none).
            #[ink(message, name = "pendingOwner")]
            pub fn pending_owner(&self) -> Address {
                self.#field.pending_owner()
            }

            /// See `lst_app::ownable::transfer_ownership`.
            #[ink(message, name = "transferOwnership")]
            #[allow(non_snake_case)]
            pub fn transfer_ownership(&mut self, newOwner: Address) -> ::core::result::Result<(), ::lst_ink_common::Failure> {
                Ok(::lst_ink_common::lst_app::ownable::transfer_ownership(&mut self.#field, newOwner.0)?)
            }

            /// See `lst_app::ownable::accept_ownership`.
            #[ink(message, name = "acceptOwnership")]
            pub fn accept_ownership(&mut self) -> ::core::result::Result<(), ::lst_ink_common::Failure> {
                Ok(::lst_ink_common::lst_app::ownable::accept_ownership(&mut self.#field)?)
            }

            /// See `lst_app::ownable::renounce_ownership`.
            #[ink(message, name = "renounceOwnership")]
            pub fn renounce_ownership(&mut self) -> ::core::result::Result<(), ::lst_ink_common::Failure> {
                Ok(::lst_ink_common::lst_app::ownable::renounce_ownership(&mut self.#field)?)
            }
        }
    }
}

/// The mint gate's messages, running `lst_app::gate` and
/// `lst_app::pausable` over the storage's `gate` field (the contract is
/// the app's `Host` and, through `ownable_messages`, `Owned`).
fn gate_block(storage: &Ident, gate: &Ident) -> TokenStream2 {
    quote! {
        ::lst_ink_common::lst_app::store_in!(gate: #storage, #gate);

        impl #storage {
            /// The pool allowed to mint and burn (zero until set).
            #[ink(message)]
            pub fn pool(&self) -> Address {
                self.#gate.pool()
            }

            /// The account allowed to pause.
            #[ink(message)]
            pub fn pauser(&self) -> Address {
                self.#gate.pausable.pauser()
            }

            /// Whether transfers, mints and burns are stopped.
            #[ink(message)]
            pub fn paused(&self) -> bool {
                self.#gate.pausable.paused()
            }

            /// See `lst_app::gate::set_pool`.
            #[ink(message, name = "setPool")]
            pub fn set_pool(&mut self, pool: Address) -> ::core::result::Result<(), ::lst_ink_common::Failure> {
                Ok(::lst_ink_common::lst_app::gate::set_pool(self, pool.0)?)
            }

            /// See `lst_app::pausable::set_pauser`.
            #[ink(message, name = "setPauser")]
            pub fn set_pauser(&mut self, pauser: Address) -> ::core::result::Result<(), ::lst_ink_common::Failure> {
                Ok(::lst_ink_common::lst_app::pausable::set_pauser(self, pauser.0)?)
            }

            /// See `lst_app::pausable::pause`.
            #[ink(message)]
            pub fn pause(&mut self) -> ::core::result::Result<(), ::lst_ink_common::Failure> {
                Ok(::lst_ink_common::lst_app::pausable::pause(self)?)
            }

            /// See `lst_app::pausable::unpause`.
            #[ink(message)]
            pub fn unpause(&mut self) -> ::core::result::Result<(), ::lst_ink_common::Failure> {
                Ok(::lst_ink_common::lst_app::pausable::unpause(self)?)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]
    use super::*;
    use syn::{parse_quote, ImplItem};

    fn contract() -> ItemMod {
        parse_quote! {
            mod token {
                #[ink(event)]
                pub struct Moved { #[ink(topic)] pub to: Address }

                #[ink(storage)]
                pub struct Token { ownable: Ownable2Step, gate: MintGate }

                impl Token {
                    #[ink(constructor)]
                    pub fn new() -> Self { todo!() }
                }
            }
        }
    }

    /// The messages (Solidity name, Rust name) of the block added last.
    fn added_messages(module: TokenStream2) -> (Ident, Vec<(String, String)>) {
        let module: ItemMod = syn::parse2(module).unwrap();
        let Some(Item::Impl(block)) = module.content.unwrap().1.pop() else { panic!("no impl block added") };
        let syn::Type::Path(self_ty) = *block.self_ty else { panic!("impl of a path") };
        let messages = block
            .items
            .iter()
            .map(|item| {
                let ImplItem::Fn(f) = item else { panic!("only messages") };
                let ink = f.attrs.iter().find(|a| a.path().is_ident("ink")).expect("an #[ink(...)]");
                let (mut message, mut name) = (false, None);
                ink.parse_nested_meta(|meta| {
                    if meta.path.is_ident("message") {
                        message = true;
                    } else if meta.path.is_ident("name") {
                        name = Some(meta.value()?.parse::<syn::LitStr>()?.value());
                    }
                    Ok(())
                })
                .unwrap();
                assert!(message, "{} is a message", f.sig.ident);
                assert!(f.attrs.iter().any(|a| a.path().is_ident("doc")), "{} has docs", f.sig.ident);
                let rust = f.sig.ident.to_string();
                (name.unwrap_or_else(|| rust.clone()), rust)
            })
            .collect();
        (self_ty.path.get_ident().unwrap().clone(), messages)
    }

    #[test]
    fn ownership_adds_the_five_messages_to_the_storage_struct() {
        let field: Ident = parse_quote!(ownable);
        let out = with_messages(contract(), |s| ownership_block(s, &field)).unwrap();
        let (storage, messages) = added_messages(out);
        assert_eq!(storage, "Token");
        let names: Vec<_> = messages.iter().map(|(sol, _)| sol.as_str()).collect();
        assert_eq!(names, ["owner", "pendingOwner", "transferOwnership", "acceptOwnership", "renounceOwnership"]);
    }

    #[test]
    fn ownership_makes_the_contract_owned_by_its_field() {
        let field: Ident = parse_quote!(admin);
        let out = with_messages(contract(), |s| ownership_block(s, &field)).unwrap().to_string();
        assert!(out.contains("lst_app :: Owned for Token"), "{out}");
        assert!(out.contains("lst_app :: ownable :: transfer_ownership (& mut self . admin"), "{out}");
    }

    #[test]
    fn the_mint_gate_adds_its_seven_messages() {
        let gate = gate_fields(quote!(gate, ownable)).unwrap();
        let out = with_messages(contract(), |s| gate_block(s, &gate)).unwrap();
        let (_, messages) = added_messages(out);
        let names: Vec<_> = messages.iter().map(|(sol, _)| sol.as_str()).collect();
        assert_eq!(names, ["pool", "pauser", "paused", "setPool", "setPauser", "pause", "unpause"]);
    }

    #[test]
    fn the_mint_gate_runs_on_the_contract_over_its_field() {
        let gate = gate_fields(quote!(minter, admin)).unwrap();
        let out = with_messages(contract(), |s| gate_block(s, &gate)).unwrap().to_string();
        assert!(out.contains("lst_app :: store_in ! (gate : Token , minter)"), "{out}");
        assert!(out.contains("lst_app :: gate :: set_pool (self"), "{out}");
        assert!(out.contains("self . minter . pool ()"), "{out}");
    }

    #[test]
    fn scheduled_changes_add_their_three_messages() {
        for attr in [quote!(changes, ownable), quote!(changes, ownable, pausable)] {
            let fields = timelock_fields(attr).unwrap();
            let out = with_messages(contract(), |s| timelock_block(s, &fields)).unwrap();
            let (_, messages) = added_messages(out);
            let names: Vec<_> = messages.iter().map(|(sol, _)| sol.as_str()).collect();
            assert_eq!(names, ["changeDelay", "pendingChange", "cancelChange"]);
        }
    }

    #[test]
    fn the_pauser_cancels_only_when_a_pausable_field_is_named() {
        let owner_only = timelock_fields(quote!(changes, ownable)).unwrap();
        let out = with_messages(contract(), |s| timelock_block(s, &owner_only)).unwrap().to_string();
        assert!(out.contains("lst_app :: timelock :: cancel_change (self"), "{out}");
        assert!(!out.contains("pauser"), "{out}");
        let with_pauser = timelock_fields(quote!(changes, ownable, pausable)).unwrap();
        let out = with_messages(contract(), |s| timelock_block(s, &with_pauser)).unwrap().to_string();
        assert!(out.contains("lst_app :: timelock :: cancel_change_by_owner_or_pauser (self"), "{out}");
    }

    #[test]
    fn scheduled_changes_take_two_or_three_fields() {
        for attr in [quote!(), quote!(changes), quote!(changes, ownable, pausable, extra)] {
            assert!(timelock_fields(attr.clone()).is_err(), "{attr}");
        }
    }

    #[test]
    fn the_rest_of_the_module_is_kept_as_it_was() {
        let field: Ident = parse_quote!(ownable);
        let before = contract();
        let after: ItemMod =
            syn::parse2(with_messages(before.clone(), |s| ownership_block(s, &field)).unwrap()).unwrap();
        let (before_items, after_items) = (before.content.unwrap().1, after.content.unwrap().1);
        // The `Owned` implementation and the messages' block are added.
        assert_eq!(after_items.len(), before_items.len() + 2);
        assert_eq!(after_items[..before_items.len()], before_items[..]);
    }

    #[test]
    fn a_module_without_storage_is_refused() {
        let module: ItemMod = parse_quote! { mod empty { pub struct NotStorage; } };
        let err = with_messages(module, |s| ownership_block(s, s)).unwrap_err();
        assert!(err.to_string().contains("#[ink(storage)]"), "{err}");
    }

    #[test]
    fn a_module_declared_elsewhere_is_refused() {
        let module: ItemMod = parse_quote! { mod elsewhere; };
        let err = with_messages(module, |s| ownership_block(s, s)).unwrap_err();
        assert!(err.to_string().contains("inline"), "{err}");
    }

    #[test]
    fn the_mint_gate_takes_exactly_two_fields() {
        for attr in [quote!(), quote!(gate), quote!(gate, ownable, extra)] {
            let err = gate_fields(attr.clone()).unwrap_err();
            assert!(err.to_string().contains("#[mint_gate_messages(gate, ownable)]"), "{attr}: {err}");
        }
        assert!(gate_fields(quote!(gate, ownable,)).is_ok());
    }
}
