//! Moves a Stylus program's data segments into code: the constants the
//! segments held are written by stores at the top of `user_entrypoint`
//! instead.
//!
//! Why: Nitro prices a call's start-up from the program's activation, and a
//! byte of data segment costs 0.75 gas of it on *every* call, cached or not
//! (its `cachedCost`), while a store of eight bytes costs 952 ink, a tenth
//! of a gas. A certificate token with 1,072 bytes of constants (event
//! topics, EIP-712 type hashes, type names) paid about 800 gas a call for
//! them; written by code they cost about 13. Every call gets a fresh
//! instance and a fresh memory, so writing them on entry is what
//! instantiation did.
//!
//! The transform is hand-written: it needs the section framing, LEB128 and
//! the headers of four sections (import, export, code, data), fewer lines
//! than wiring a wasm encoder, and the module is otherwise copied byte for
//! byte. It refuses what it does not handle: passive segments, an offset
//! that is not an `i32.const`, or no `user_entrypoint`. The data count
//! section goes with the segments, so code referring to a segment by index
//! (`memory.init`, `data.drop`, which the Rust toolchain does not emit for
//! these programs) would make the module invalid, and Nitro's activation
//! (and the local chain's) would refuse it rather than run it wrong.

/// Reads an unsigned LEB128 at `*at`, advancing it.
fn uleb(bytes: &[u8], at: &mut usize) -> Result<u64, String> {
    let mut value = 0u64;
    for shift in (0..64).step_by(7) {
        let byte = *bytes.get(*at).ok_or("truncated LEB128")?;
        *at += 1;
        value |= u64::from(byte & 0x7f) << shift;
        if byte & 0x80 == 0 {
            return Ok(value);
        }
    }
    Err("LEB128 too long".into())
}

/// Reads a signed 32-bit LEB128 at `*at`, advancing it.
fn sleb32(bytes: &[u8], at: &mut usize) -> Result<i32, String> {
    let mut value = 0i64;
    let mut shift = 0;
    loop {
        let byte = *bytes.get(*at).ok_or("truncated LEB128")?;
        *at += 1;
        value |= i64::from(byte & 0x7f) << shift;
        shift += 7;
        if byte & 0x80 == 0 {
            if shift < 64 && byte & 0x40 != 0 {
                value |= -1i64 << shift;
            }
            return i32::try_from(value).map_err(|_| "i32 constant out of range".to_string());
        }
        if shift >= 35 {
            return Err("LEB128 too long".into());
        }
    }
}

fn put_uleb(out: &mut Vec<u8>, mut value: u64) {
    loop {
        let byte = (value & 0x7f) as u8;
        value >>= 7;
        if value == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

fn put_sleb(out: &mut Vec<u8>, mut value: i64) {
    loop {
        let byte = (value & 0x7f) as u8;
        value >>= 7;
        let done = (value == 0 && byte & 0x40 == 0) || (value == -1 && byte & 0x40 != 0);
        out.push(if done { byte } else { byte | 0x80 });
        if done {
            return;
        }
    }
}

/// A name (length-prefixed UTF-8) at `*at`, advancing it.
fn name<'a>(bytes: &'a [u8], at: &mut usize) -> Result<&'a [u8], String> {
    let len = usize::try_from(uleb(bytes, at)?).map_err(|_| "name too long")?;
    let name = bytes.get(*at..*at + len).ok_or("truncated name")?;
    *at += len;
    Ok(name)
}

/// The stores that write `data` at `offset`: eight bytes at a time, then
/// four, two and one for the tail, skipping all-zero pieces (memory starts
/// zeroed).
fn stores(out: &mut Vec<u8>, offset: u32, data: &[u8]) {
    // i64.store, i32.store, i32.store16, i32.store8; alignment 0 (any
    // address), offset 0.
    let mut address = offset;
    let mut rest = data;
    while !rest.is_empty() {
        let width = [8usize, 4, 2, 1].into_iter().find(|w| rest.len() >= *w).unwrap_or(1);
        let (piece, tail) = rest.split_at(width.min(rest.len()));
        if piece.iter().any(|b| *b != 0) {
            let mut word = [0u8; 8];
            for (w, b) in word.iter_mut().zip(piece) {
                *w = *b;
            }
            let value = u64::from_le_bytes(word);
            // i32.const address (wasm32 addresses are i32 constants, read
            // back as unsigned).
            out.push(0x41);
            put_sleb(out, i64::from(i32::from_ne_bytes(address.to_ne_bytes())));
            if width == 8 {
                out.push(0x42); // i64.const
                put_sleb(out, value as i64);
                out.push(0x37); // i64.store
            } else {
                out.push(0x41); // i32.const (the low bytes are stored)
                put_sleb(out, i64::from(i32::from_le_bytes([word[0], word[1], word[2], word[3]])));
                out.push(match width {
                    4 => 0x36, // i32.store
                    2 => 0x3b, // i32.store16
                    _ => 0x3a, // i32.store8
                });
            }
            out.extend_from_slice(&[0x00, 0x00]); // align 0, offset 0
        }
        // A piece is at most eight bytes.
        address = address.wrapping_add(u32::try_from(piece.len()).unwrap_or(8));
        rest = tail;
    }
}

/// `wasm` with its data segments written by `user_entrypoint` instead;
/// `Err` (with the reason) for a module the transform does not handle.
pub fn inline_data(wasm: &[u8]) -> Result<Vec<u8>, String> {
    let Some(header) = wasm.get(..8).filter(|h| *h == b"\0asm\x01\0\0\0") else {
        return Err("not a wasm module".into());
    };
    // (id, start of contents, end of contents) per section.
    let mut sections = Vec::new();
    let mut at = 8;
    while let Some(&id) = wasm.get(at) {
        at += 1;
        let len = usize::try_from(uleb(wasm, &mut at)?).map_err(|_| "section too long")?;
        let end = at.checked_add(len).filter(|e| *e <= wasm.len()).ok_or("truncated section")?;
        sections.push((id, at, end));
        at = end;
    }
    let find = |id: u8| sections.iter().find(|s| s.0 == id).and_then(|s| wasm.get(s.1..s.2));
    let Some(data) = find(11) else { return Err("no data segments".into()) };

    // The segments, all active in memory 0 at a constant offset.
    let mut segments = Vec::new();
    let mut at = 0;
    for _ in 0..uleb(data, &mut at)? {
        if uleb(data, &mut at)? != 0 {
            return Err("a passive or explicit-memory segment".into());
        }
        if data.get(at) != Some(&0x41) {
            return Err("a segment offset that is not i32.const".into());
        }
        at += 1;
        let offset = u32::from_ne_bytes(sleb32(data, &mut at)?.to_ne_bytes());
        if data.get(at) != Some(&0x0b) {
            return Err("a segment offset expression longer than one constant".into());
        }
        at += 1;
        let len = usize::try_from(uleb(data, &mut at)?).map_err(|_| "segment too long")?;
        let bytes = data.get(at..at + len).ok_or("truncated segment")?;
        at += len;
        segments.push((offset, bytes));
    }

    // user_entrypoint's index among the functions, less the imported ones.
    let mut imported = 0u64;
    if let Some(imports) = find(2) {
        let mut at = 0;
        for _ in 0..uleb(imports, &mut at)? {
            name(imports, &mut at)?;
            name(imports, &mut at)?;
            let kind = *imports.get(at).ok_or("truncated import")?;
            at += 1;
            match kind {
                0x00 => {
                    uleb(imports, &mut at)?;
                    imported += 1;
                }
                _ => return Err("an import other than a function".into()),
            }
        }
    }
    let exports = find(7).ok_or("no exports")?;
    let mut entry = None;
    let mut at = 0;
    for _ in 0..uleb(exports, &mut at)? {
        let export = name(exports, &mut at)?;
        let kind = *exports.get(at).ok_or("truncated export")?;
        at += 1;
        let index = uleb(exports, &mut at)?;
        if export == b"user_entrypoint" && kind == 0x00 {
            entry = Some(index);
        }
    }
    let entry = entry.ok_or("no user_entrypoint")?.checked_sub(imported).ok_or("user_entrypoint is imported")?;

    // The code section with the stores at the top of user_entrypoint's body
    // (after its locals).
    let code = find(10).ok_or("no code section")?;
    let mut at = 0;
    let count = uleb(code, &mut at)?;
    let mut new_code = Vec::with_capacity(code.len() + data.len() * 2);
    put_uleb(&mut new_code, count);
    for index in 0..count {
        let len = usize::try_from(uleb(code, &mut at)?).map_err(|_| "body too long")?;
        let body = code.get(at..at + len).ok_or("truncated body")?;
        at += len;
        if index != entry {
            put_uleb(&mut new_code, len as u64);
            new_code.extend_from_slice(body);
            continue;
        }
        let mut locals_end = 0;
        for _ in 0..uleb(body, &mut locals_end)? {
            uleb(body, &mut locals_end)?;
            locals_end += 1; // the value type
        }
        let (locals, instructions) = body.split_at(locals_end.min(body.len()));
        let mut new_body = locals.to_vec();
        for (offset, bytes) in &segments {
            stores(&mut new_body, *offset, bytes);
        }
        new_body.extend_from_slice(instructions);
        put_uleb(&mut new_code, new_body.len() as u64);
        new_code.extend_from_slice(&new_body);
    }

    // The module again: every section as it was, the new code, no data.
    let mut out = header.to_vec();
    for (id, start, end) in &sections {
        let contents: &[u8] = match id {
            // The data count goes with the data (LLVM writes one whenever
            // bulk memory is on; code that used `memory.init` or
            // `data.drop` would no longer validate, and activation would
            // refuse it).
            11 | 12 => continue,
            10 => &new_code,
            _ => wasm.get(*start..*end).unwrap_or_default(),
        };
        out.push(*id);
        put_uleb(&mut out, contents.len() as u64);
        out.extend_from_slice(contents);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn signed_leb128_round_trips_the_edges() {
        for value in [0i32, 1, -1, 63, 64, -64, -65, i32::MAX, i32::MIN] {
            let mut out = Vec::new();
            put_sleb(&mut out, i64::from(value));
            let mut at = 0;
            assert_eq!(sleb32(&out, &mut at).unwrap(), value);
            assert_eq!(at, out.len());
        }
    }

    #[test]
    fn a_tail_is_stored_in_smaller_pieces_and_zero_pieces_are_skipped() {
        let mut out = Vec::new();
        stores(&mut out, 16, &[0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7]);
        // i32.const 24, i32.const 0x04030201, i32.store; i32.const 28,
        // i32.const 0x0605, i32.store16; i32.const 30, i32.const 7,
        // i32.store8 — the first eight (zero) bytes need no store.
        let opcodes: Vec<u8> = out.iter().copied().filter(|b| [0x36, 0x37, 0x3a, 0x3b].contains(b)).collect();
        assert_eq!(opcodes, vec![0x36, 0x3b, 0x3a]);
    }

    #[test]
    fn a_module_without_data_or_with_passive_data_is_refused() {
        assert!(inline_data(b"\0asm\x01\0\0\0").is_err());
        // A data section with one passive segment (flag 1).
        let passive = [&b"\0asm\x01\0\0\0"[..], &[11, 4, 1, 1, 1, 0xaa]].concat();
        assert!(inline_data(&passive).unwrap_err().contains("passive"));
    }
}
