//! Hand-assembled Stylus programs for tests: the smallest wasm modules
//! that exercise the chain's rules (activation, gas) without a compiler.

fn leb(mut n: usize) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let byte = (n & 0x7f) as u8;
        n >>= 7;
        if n == 0 {
            out.push(byte);
            return out;
        }
        out.push(byte | 0x80);
    }
}

fn section(id: u8, body: &[u8]) -> Vec<u8> {
    [&[id][..], &leb(body.len()), body].concat()
}

fn name(s: &str) -> Vec<u8> {
    [&leb(s.len())[..], s.as_bytes()].concat()
}

/// A module with one function `user_entrypoint(i32) -> i32` whose body is
/// `code` (without its trailing `end`), a memory of `pages` pages exported as
/// `memory`, and `data` at address 0.
pub fn program(pages: usize, code: &[u8], data: &[u8]) -> Vec<u8> {
    let body = [&[0x00][..], code, &[0x0b]].concat(); // no locals, code, end
    let exports = [&[0x02][..], &name("user_entrypoint"), &[0x00, 0x00], &name("memory"), &[0x02, 0x00]].concat();
    let data_segment = [&[0x01, 0x00, 0x41, 0x00, 0x0b][..], &leb(data.len()), data].concat();
    [
        &b"\0asm\x01\0\0\0"[..],
        &section(1, &[0x01, 0x60, 0x01, 0x7f, 0x01, 0x7f]),
        &section(3, &[0x01, 0x00]),
        &section(5, &[&[0x01, 0x00][..], &leb(pages)].concat()),
        &section(7, &exports),
        &section(10, &[&[0x01][..], &leb(body.len()), &body].concat()),
        &section(11, &data_segment),
    ]
    .concat()
}

/// `i32.const 0`: a body that returns success at once.
pub const RETURN_0: [u8; 2] = [0x41, 0x00];

/// `f32.const 1.0; drop; i32.const 0`: a body with a float instruction.
pub const FLOAT: [u8; 8] = [0x43, 0x00, 0x00, 0x80, 0x3f, 0x1a, 0x41, 0x00];

/// `loop br 0 end; i32.const 0`: a body that burns all the gas it gets.
pub const LOOP_FOREVER: [u8; 7] = [0x03, 0x40, 0x0c, 0x00, 0x0b, 0x41, 0x00];

/// A program that calls itself with all the gas it has, once per call:
/// `contract_address` into memory 0..20, then `call_contract` of that
/// address with no calldata and no value (the zero word at 32..64), the
/// return data's length written at 100. It recurses until the call depth
/// limit or the gas stops it.
pub fn self_caller() -> Vec<u8> {
    let types = [
        &[0x03][..],
        &[0x60, 0x01, 0x7f, 0x01, 0x7f],                               // 0: (i32) -> i32
        &[0x60, 0x01, 0x7f, 0x00],                                     // 1: (i32) -> ()
        &[0x60, 0x06, 0x7f, 0x7f, 0x7f, 0x7f, 0x7e, 0x7f, 0x01, 0x7f], // 2: call_contract
    ]
    .concat();
    let imports = [
        &[0x02][..],
        &name("vm_hooks"),
        &name("contract_address"),
        &[0x00, 0x01],
        &name("vm_hooks"),
        &name("call_contract"),
        &[0x00, 0x02],
    ]
    .concat();
    let exports = [&[0x02][..], &name("user_entrypoint"), &[0x00, 0x02], &name("memory"), &[0x02, 0x00]].concat();
    let code = [
        0x41, 0x00, 0x10, 0x00, // contract_address(0)
        0x41, 0x00, 0x41, 0xc0, 0x00, 0x41, 0x00, 0x41, 0x20, // to 0, data 64, len 0, value 32
        0x42, 0x7f, // gas: all (-1 as u64)
        0x41, 0xe4, 0x00, // return data length at 100
        0x10, 0x01, 0x1a, // call_contract; drop its status
        0x41, 0x00, // success
    ];
    let body = [&[0x00][..], &code, &[0x0b]].concat();
    [
        &b"\0asm\x01\0\0\0"[..],
        &section(1, &types),
        &section(2, &imports),
        &section(3, &[0x01, 0x00]),
        &section(5, &[0x01, 0x00, 0x01]),
        &section(7, &exports),
        &section(10, &[&[0x01][..], &leb(body.len()), &body].concat()),
    ]
    .concat()
}
