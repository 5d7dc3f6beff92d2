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
