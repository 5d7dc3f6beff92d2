//! The server around the node: HTTP with CORS for browser dapps, and
//! WebSocket with subscriptions, on both platforms.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use lst_client::{dev, Platform};
use serde_json::{json, Value};
use std::io::{Read, Write};
use tungstenite::Message;

fn post(url: &str, body: &Value) -> Value {
    raw_http(url, "POST", &[("Content-Type", "application/json")], &body.to_string())
        .split("\r\n\r\n")
        .nth(1)
        .map(|b| serde_json::from_str(b).unwrap())
        .unwrap()
}

/// One HTTP/1.1 request over a plain socket; the whole response.
fn raw_http(url: &str, method: &str, headers: &[(&str, &str)], body: &str) -> String {
    let host = url.trim_start_matches("http://");
    let mut stream = std::net::TcpStream::connect(host).unwrap();
    let mut request =
        format!("{method} / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\nContent-Length: {}\r\n", body.len());
    for (k, v) in headers {
        request.push_str(&format!("{k}: {v}\r\n"));
    }
    request.push_str("\r\n");
    request.push_str(body);
    stream.write_all(request.as_bytes()).unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    response
}

#[test]
fn a_browser_preflight_from_any_origin_is_allowed() {
    for platform in [Platform::Stylus, Platform::Ink] {
        let url = lst_node::spawn(platform, lst_node::Config::new(platform).chain_id).unwrap();
        let response = raw_http(
            &url,
            "OPTIONS",
            &[("Origin", "http://dapp.example"), ("Access-Control-Request-Method", "POST")],
            "",
        )
        .to_ascii_lowercase();
        assert!(response.starts_with("http/1.1 200"), "{response}");
        assert!(response.contains("access-control-allow-origin: *"), "{response}");
        let answer = post(&url, &json!({"jsonrpc": "2.0", "id": 7, "method": "eth_blockNumber"}));
        assert_eq!(answer, json!({"jsonrpc": "2.0", "id": 7, "result": "0x1"}));
    }
}

#[test]
fn a_request_that_is_not_json_is_a_parse_error() {
    let url = lst_node::spawn(Platform::Stylus, 412_346).unwrap();
    let response = raw_http(&url, "POST", &[("Content-Type", "application/json")], "{not json");
    let body: Value = serde_json::from_str(response.split("\r\n\r\n").nth(1).unwrap()).unwrap();
    assert_eq!(body["error"]["code"], json!(-32700));
}

fn ws_call(
    socket: &mut tungstenite::WebSocket<tungstenite::stream::MaybeTlsStream<std::net::TcpStream>>,
    request: Value,
) -> Value {
    socket.send(Message::Text(request.to_string().into())).unwrap();
    next_json(socket)
}

fn next_json(socket: &mut tungstenite::WebSocket<tungstenite::stream::MaybeTlsStream<std::net::TcpStream>>) -> Value {
    loop {
        if let Message::Text(t) = socket.read().unwrap() {
            return serde_json::from_str(&t).unwrap();
        }
    }
}

#[test]
fn websocket_clients_call_methods_and_get_new_heads_pushed() {
    for platform in [Platform::Stylus, Platform::Ink] {
        let url = lst_node::spawn(platform, lst_node::Config::new(platform).chain_id).unwrap();
        let (mut socket, _) = tungstenite::connect(url.replace("http://", "ws://")).unwrap();
        let chain = ws_call(&mut socket, json!({"jsonrpc": "2.0", "id": 1, "method": "eth_chainId"}));
        assert_eq!(chain["id"], json!(1));
        let heads =
            ws_call(&mut socket, json!({"jsonrpc": "2.0", "id": 2, "method": "eth_subscribe", "params": ["newHeads"]}));
        let sub = heads["result"].as_str().unwrap().to_owned();
        // A transaction sent over HTTP mines block 2: the socket hears of it.
        let from = dev::dev_accounts()[0];
        post(
            &url,
            &json!({"jsonrpc": "2.0", "id": 3, "method": "eth_sendTransaction",
            "params": [{"from": from, "to": "0x0000000000000000000000000000000000000077", "value": "0x1"}]}),
        );
        let note = next_json(&mut socket);
        assert_eq!(note["method"], json!("eth_subscription"), "{platform:?}");
        assert_eq!(note["params"]["subscription"], json!(sub));
        assert_eq!(note["params"]["result"]["number"], json!("0x2"));
        let gone =
            ws_call(&mut socket, json!({"jsonrpc": "2.0", "id": 4, "method": "eth_unsubscribe", "params": [sub]}));
        assert_eq!(gone["result"], json!(true));
        let refused =
            ws_call(&mut socket, json!({"jsonrpc": "2.0", "id": 5, "method": "eth_subscribe", "params": ["syncing"]}));
        assert_eq!(refused["error"]["code"], json!(-32602));
    }
}

#[test]
fn an_oversized_body_is_refused_with_a_json_rpc_error_and_the_node_keeps_serving() {
    let url = lst_node::spawn(Platform::Stylus, 412_346).unwrap();
    let body = format!(
        r#"{{"jsonrpc":"2.0","id":1,"method":"web3_sha3","params":["0x{}"]}}"#,
        "ab".repeat(lst_node::MAX_BODY)
    );
    let response = upload(&url, &body);
    assert!(response.starts_with("HTTP/1.1 413"), "{}", &response[..response.len().min(200)]);
    assert!(response.to_ascii_lowercase().contains("content-type: application/json"), "{response}");
    let answer: Value = serde_json::from_str(response.split("\r\n\r\n").nth(1).unwrap()).unwrap();
    assert_eq!(answer["error"]["code"], json!(-32600), "{answer}");
    let next = post(&url, &json!({"jsonrpc": "2.0", "id": 2, "method": "eth_blockNumber"}));
    assert_eq!(next["result"], json!("0x1"));
}

#[test]
fn an_empty_batch_over_http_is_an_invalid_request() {
    let url = lst_node::spawn(Platform::Ink, 420_420_420).unwrap();
    let answer = post(&url, &json!([]));
    assert_eq!(answer["error"]["code"], json!(-32600), "{answer}");
}

/// POSTs `body` while reading the answer: a server may answer (and stop
/// reading) before the body is all sent. Whatever arrived before the
/// connection closed.
fn upload(url: &str, body: &str) -> String {
    let host = url.trim_start_matches("http://");
    let mut stream = std::net::TcpStream::connect(host).unwrap();
    let head = format!(
        "POST / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    let mut writer = stream.try_clone().unwrap();
    let payload = [head.as_bytes(), body.as_bytes()].concat();
    let sending = std::thread::spawn(move || drop(writer.write_all(&payload)));
    let mut response = Vec::new();
    let mut chunk = [0u8; 4096];
    while let Ok(n) = stream.read(&mut chunk) {
        if n == 0 {
            break;
        }
        response.extend_from_slice(&chunk[..n]);
    }
    drop(stream.shutdown(std::net::Shutdown::Both));
    drop(sending.join());
    String::from_utf8_lossy(&response).into_owned()
}
