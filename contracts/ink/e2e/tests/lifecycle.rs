//! placeholder
#[test]
fn builds() {}
