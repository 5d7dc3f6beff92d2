//! probe
use ink_e2e::{ContractsBackend, IntoAddress};
use lst_ink_rate_provider::rate_provider::{RateProvider, RateProviderRef};

type Client = ink_e2e::Client<ink_e2e::PolkadotConfig, ink::env::DefaultEnvironment>;

async fn client() -> Client {
    let url = std::env::var("CONTRACTS_NODE_URL").expect("CONTRACTS_NODE_URL");
    let dir = std::path::PathBuf::from(std::env::var("INK_ARTIFACTS_DIR").expect("INK_ARTIFACTS_DIR"));
    let names = ["lst_ink_rate_provider"];
    let paths: Vec<_> = names.iter().map(|n| dir.join(n).join(format!("{n}.polkavm"))).collect();
    let rpc = ink_e2e::RpcClient::from_url(&url).await.unwrap();
    Client::new(rpc, paths, url).await.unwrap()
}

#[tokio::test]
async fn probe() {
    let mut client = client().await;
    let alice = ink_e2e::alice();
    let mut constructor = RateProviderRef::new(alice.address(), 3600u64);
    let feed = client.instantiate("lst_ink_rate_provider", &alice, &mut constructor).submit().await.expect("instantiate");
    let call_builder = feed.call_builder::<RateProvider>();
    let owner = client.call(&alice, &call_builder.owner()).dry_run().await.expect("dry run").return_value();
    assert_eq!(owner, alice.address());
}
