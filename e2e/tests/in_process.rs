//! The scenario suite on the in-process devnode chain.
#![allow(missing_docs, clippy::panic)]

lst_e2e::scenario_tests!(lst_devnode::InProcess::new(412_346));
