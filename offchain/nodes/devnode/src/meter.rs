//! Nitro's ink metering, written into a program before it runs.
//!
//! Nitro does not count a program's operators as they run: when it
//! compiles a program it inserts, at the head of every basic block, code
//! that takes the whole block's ink from a global (`stylus_ink_left`) and
//! stops the program (status global `stylus_ink_status` set to 1, then
//! `unreachable`) when there is not enough. A basic block ends at `end`,
//! `else`, `return`, `loop`, `br`, `br_if`, `br_table`, `if`, `call` and
//! `call_indirect`; its price is its operators' ink ([`crate::gas::op_ink`])
//! plus a fixed header ([`crate::gas::HEADER_INK`]). `memory.copy` and
//! `memory.fill` also pay per byte, taken just before they run.
//!
//! This module does the same to the wasm the chain runs, so that a program
//! pays exactly what Nitro charges for the blocks it enters, and nothing
//! for the code it branches past. (Counting with the interpreter's own
//! fuel would not: it charges the code after a `block`'s `end` up front
//! with the enclosing block, including every handler a selector match
//! skips.) The code is this project's; the rules are Nitro's
//! (`prover::programs::meter` and `dynamic`).
//!
//! The host reads and writes the ink global through the exported names
//! ([`INK_LEFT`], [`INK_STATUS`]); [`crate::host`] keeps a call's budget
//! there while its program runs.

use crate::gas;
use wasm_encoder::reencode::{utils, Reencode};
use wasm_encoder::{ConstExpr, ExportKind, GlobalType, Instruction, ValType};
use wasmparser::{Operator, Parser, Payload, TypeRef};

/// The exported global holding the ink a running program has left.
pub const INK_LEFT: &str = "stylus_ink_left";
/// The exported global set to 1 when the program ran out of ink.
pub const INK_STATUS: &str = "stylus_ink_status";

/// Why a program could not be metered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeterError(pub String);

impl std::fmt::Display for MeterError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// `wasm` with Nitro's metering written in: three globals (ink left,
/// status, a scratch word for the per-byte charges), two of them exported,
/// and a charge at the head of every basic block.
pub fn instrument(wasm: &[u8]) -> Result<Vec<u8>, MeterError> {
    let shape = Shape::of(wasm)?;
    let mut meter = Meter { params: shape.params, globals: shape.globals, added_globals: false };
    let mut module = wasm_encoder::Module::new();
    meter.parse_core_module(&mut module, Parser::new(0), wasm).map_err(|e| MeterError(format!("metering: {e:?}")))?;
    Ok(module.finish())
}

/// What the rewrite needs to know before it starts: each type's parameter
/// count (`call_indirect`'s price) and how many globals precede ours.
struct Shape {
    params: Vec<u64>,
    globals: u32,
}

impl Shape {
    fn of(wasm: &[u8]) -> Result<Self, MeterError> {
        let bad = |e: wasmparser::BinaryReaderError| MeterError(e.to_string());
        let mut shape = Shape { params: Vec::new(), globals: 0 };
        for payload in Parser::new(0).parse_all(wasm) {
            match payload.map_err(bad)? {
                Payload::TypeSection(types) => {
                    for ty in types.into_iter_err_on_gc_types() {
                        shape.params.push(ty.map_err(bad)?.params().len() as u64);
                    }
                }
                Payload::ImportSection(imports) => {
                    for import in imports {
                        if matches!(import.map_err(bad)?.ty, TypeRef::Global(_)) {
                            shape.globals += 1;
                        }
                    }
                }
                Payload::GlobalSection(globals) => shape.globals += globals.count(),
                _ => {}
            }
        }
        Ok(shape)
    }
}

/// The rewriter: copies the module, adding the globals, their exports and
/// the charges.
struct Meter {
    params: Vec<u64>,
    globals: u32,
    added_globals: bool,
}

impl Meter {
    fn ink(&self) -> u32 {
        self.globals
    }

    fn status(&self) -> u32 {
        self.globals + 1
    }

    fn scratch(&self) -> u32 {
        self.globals + 2
    }

    fn add_globals(&mut self, section: &mut wasm_encoder::GlobalSection) {
        let var = |val_type| GlobalType { val_type, mutable: true, shared: false };
        section.global(var(ValType::I64), &ConstExpr::i64_const(0));
        section.global(var(ValType::I32), &ConstExpr::i32_const(0));
        section.global(var(ValType::I32), &ConstExpr::i32_const(0));
        self.added_globals = true;
    }

    /// Out of ink when the condition on the stack holds: the status global
    /// set to 1, then `unreachable` (the host reads the status after the
    /// trap).
    fn stop_if(&self) -> [Instruction<'static>; 5] {
        [
            Instruction::If(wasm_encoder::BlockType::Empty),
            Instruction::I32Const(1),
            Instruction::GlobalSet(self.status()),
            Instruction::Unreachable,
            Instruction::End,
        ]
    }

    /// Nitro's block header: stop if fewer than `cost` ink are left, else
    /// take them.
    fn header(&self, cost: u64, out: &mut wasm_encoder::Function) {
        let cost = cost as i64;
        out.instruction(&Instruction::GlobalGet(self.ink()));
        out.instruction(&Instruction::I64Const(cost));
        out.instruction(&Instruction::I64LtU);
        for instruction in self.stop_if() {
            out.instruction(&instruction);
        }
        out.instruction(&Instruction::GlobalGet(self.ink()));
        out.instruction(&Instruction::I64Const(cost));
        out.instruction(&Instruction::I64Sub);
        out.instruction(&Instruction::GlobalSet(self.ink()));
    }

    /// Nitro's per-byte charge before `memory.copy`/`memory.fill`: the
    /// length on top of the stack times `per_byte`, taken from the ink
    /// (stopping on underflow); the length is put back.
    fn per_byte(&self, per_byte: u64, out: &mut Vec<Instruction<'_>>) {
        out.extend([
            Instruction::GlobalSet(self.scratch()),
            Instruction::GlobalGet(self.ink()),
            Instruction::GlobalGet(self.ink()),
            Instruction::GlobalGet(self.scratch()),
            Instruction::I64ExtendI32U,
            Instruction::I64Const(per_byte as i64),
            Instruction::I64Mul,
            Instruction::I64Sub,
            Instruction::GlobalSet(self.ink()),
            Instruction::GlobalGet(self.ink()),
            Instruction::I64LtU,
        ]);
        out.extend(self.stop_if());
        out.push(Instruction::GlobalGet(self.scratch()));
    }
}

/// Whether `op` ends a basic block (Nitro's `ends_basic_block`).
fn ends_block(op: &Operator<'_>) -> bool {
    matches!(
        op,
        Operator::End
            | Operator::Else
            | Operator::Return
            | Operator::Loop { .. }
            | Operator::Br { .. }
            | Operator::BrTable { .. }
            | Operator::BrIf { .. }
            | Operator::If { .. }
            | Operator::Call { .. }
            | Operator::CallIndirect { .. }
    )
}

impl Reencode for Meter {
    type Error = MeterError;

    fn parse_global_section(
        &mut self,
        globals: &mut wasm_encoder::GlobalSection,
        section: wasmparser::GlobalSectionReader<'_>,
    ) -> Result<(), wasm_encoder::reencode::Error<Self::Error>> {
        utils::parse_global_section(self, globals, section)?;
        self.add_globals(globals);
        Ok(())
    }

    fn intersperse_section_hook(
        &mut self,
        module: &mut wasm_encoder::Module,
        _after: Option<wasm_encoder::SectionId>,
        before: Option<wasm_encoder::SectionId>,
    ) -> Result<(), wasm_encoder::reencode::Error<Self::Error>> {
        use wasm_encoder::SectionId as S;
        // A module without a global section gets one where it belongs.
        let past_globals = !matches!(
            before,
            Some(S::Type | S::Import | S::Function | S::Table | S::Memory | S::Tag | S::Global | S::Custom)
        );
        if !self.added_globals && past_globals {
            let mut section = wasm_encoder::GlobalSection::new();
            self.add_globals(&mut section);
            module.section(&section);
        }
        Ok(())
    }

    fn parse_export_section(
        &mut self,
        exports: &mut wasm_encoder::ExportSection,
        section: wasmparser::ExportSectionReader<'_>,
    ) -> Result<(), wasm_encoder::reencode::Error<Self::Error>> {
        utils::parse_export_section(self, exports, section)?;
        exports.export(INK_LEFT, ExportKind::Global, self.ink());
        exports.export(INK_STATUS, ExportKind::Global, self.status());
        Ok(())
    }

    fn parse_function_body(
        &mut self,
        code: &mut wasm_encoder::CodeSection,
        func: wasmparser::FunctionBody<'_>,
    ) -> Result<(), wasm_encoder::reencode::Error<Self::Error>> {
        let mut out = self.new_function_with_parsed_locals(&func)?;
        let mut reader = func.get_operators_reader()?;
        let mut block: Vec<Instruction<'_>> = Vec::new();
        let mut cost = 0u64;
        let mut extra: Vec<Instruction<'_>> = Vec::new();
        while !reader.eof() {
            let op = reader.read()?;
            let params = |ty: u32| self.params.get(ty as usize).copied().unwrap_or(u64::MAX);
            cost = cost.saturating_add(gas::op_ink(&op, params));
            let end = ends_block(&op);
            match op {
                Operator::MemoryCopy { .. } => self.per_byte(gas::COPY_INK_PER_BYTE, &mut extra),
                Operator::MemoryFill { .. } => self.per_byte(gas::FILL_INK_PER_BYTE, &mut extra),
                _ => {}
            }
            block.append(&mut extra);
            block.push(self.instruction(op)?);
            if end {
                self.header(cost.saturating_add(gas::HEADER_INK), &mut out);
                for instruction in block.drain(..) {
                    out.instruction(&instruction);
                }
                cost = 0;
            }
        }
        // A valid body ends with `end`, which closed the last block.
        for instruction in block.drain(..) {
            out.instruction(&instruction);
        }
        code.function(&out);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::expect_used, clippy::panic)]
    use super::*;
    use wasm_encoder::{CodeSection, ExportSection, Function, FunctionSection, Module, TypeSection};

    /// A module exporting `f() -> i32` with `body`, and no globals.
    fn module(body: &[Instruction<'_>]) -> Vec<u8> {
        let mut m = Module::new();
        let mut types = TypeSection::new();
        types.ty().function([], [ValType::I32]);
        m.section(&types);
        let mut funcs = FunctionSection::new();
        funcs.function(0);
        m.section(&funcs);
        let mut exports = ExportSection::new();
        exports.export("f", ExportKind::Func, 0);
        m.section(&exports);
        let mut code = CodeSection::new();
        let mut f = Function::new([]);
        for i in body {
            f.instruction(i);
        }
        code.function(&f);
        m.section(&code);
        m.finish()
    }

    /// Runs `f` of the metered `wasm` with `ink`; the ink left, or `None`
    /// when it ran out (status 1).
    fn run(wasm: &[u8], ink: u64) -> Option<u64> {
        let metered = instrument(wasm).expect("meters");
        let engine = wasmi::Engine::default();
        let module = wasmi::Module::new(&engine, &metered[..]).expect("valid after metering");
        let mut store = wasmi::Store::new(&engine, ());
        let instance = wasmi::Linker::new(&engine).instantiate_and_start(&mut store, &module).expect("instantiates");
        let left = instance.get_global(&store, INK_LEFT).expect("exported");
        left.set(&mut store, wasmi::Val::I64(ink as i64)).expect("mutable");
        let f = instance.get_typed_func::<(), i32>(&store, "f").expect("f");
        let ran = f.call(&mut store, ());
        let status = instance.get_global(&store, INK_STATUS).expect("exported").get(&store);
        match ran {
            Ok(_) => Some(left.get(&store).i64().expect("i64") as u64),
            Err(_) => {
                assert_eq!(status.i32(), Some(1), "a trap other than running out of ink");
                None
            }
        }
    }

    fn cost(op: &Instruction<'_>) -> u64 {
        // The test bodies use these operators only.
        match op {
            Instruction::I32Const(_) | Instruction::End | Instruction::Block(_) | Instruction::Return => 1,
            Instruction::I32Add => 70,
            Instruction::Drop => 9,
            Instruction::BrIf(_) | Instruction::Br(_) => 765,
            other => panic!("no price for {other:?} in this test"),
        }
    }

    #[test]
    fn a_straight_body_pays_its_operators_and_one_header() {
        let body = [Instruction::I32Const(1), Instruction::I32Const(2), Instruction::I32Add, Instruction::End];
        let expected: u64 = body.iter().map(cost).sum::<u64>() + gas::HEADER_INK;
        assert_eq!(run(&module(&body), 1_000_000), Some(1_000_000 - expected));
    }

    #[test]
    fn code_a_branch_skips_is_not_charged() {
        // block; i32.const 1; br_if 0; [skipped: 3 x (i32.const, drop)]; end; i32.const 7; end
        let mut body =
            vec![Instruction::Block(wasm_encoder::BlockType::Empty), Instruction::I32Const(1), Instruction::BrIf(0)];
        for _ in 0..3 {
            body.extend([Instruction::I32Const(5), Instruction::Drop]);
        }
        body.extend([Instruction::End, Instruction::I32Const(7), Instruction::End]);
        // Blocks run: [block, i32.const, br_if] and [i32.const 7, end]; the
        // skipped [.. end] is never charged.
        let ran = [Instruction::Block(wasm_encoder::BlockType::Empty), Instruction::I32Const(1), Instruction::BrIf(0)];
        let tail = [Instruction::I32Const(7), Instruction::End];
        let expected = ran.iter().map(cost).sum::<u64>() + tail.iter().map(cost).sum::<u64>() + 2 * gas::HEADER_INK;
        assert_eq!(run(&module(&body), 1_000_000), Some(1_000_000 - expected));
    }

    #[test]
    fn a_block_it_cannot_pay_for_stops_the_program_with_status_one() {
        let body = [Instruction::I32Const(1), Instruction::End];
        assert_eq!(run(&module(&body), gas::HEADER_INK), None);
        assert_eq!(run(&module(&body), gas::HEADER_INK + 2), Some(0));
    }

    #[test]
    fn memory_fill_pays_per_byte() {
        let mut m = Module::new();
        let mut types = TypeSection::new();
        types.ty().function([], [ValType::I32]);
        m.section(&types);
        let mut funcs = FunctionSection::new();
        funcs.function(0);
        m.section(&funcs);
        let mut memories = wasm_encoder::MemorySection::new();
        memories.memory(wasm_encoder::MemoryType {
            minimum: 1,
            maximum: None,
            memory64: false,
            shared: false,
            page_size_log2: None,
        });
        m.section(&memories);
        let mut exports = ExportSection::new();
        exports.export("f", ExportKind::Func, 0);
        m.section(&exports);
        let mut code = CodeSection::new();
        let mut f = Function::new([]);
        let fill = |f: &mut Function, len| {
            f.instruction(&Instruction::I32Const(0));
            f.instruction(&Instruction::I32Const(0));
            f.instruction(&Instruction::I32Const(len));
            f.instruction(&Instruction::MemoryFill(0));
        };
        fill(&mut f, 100);
        f.instruction(&Instruction::I32Const(0));
        f.instruction(&Instruction::End);
        code.function(&f);
        m.section(&code);
        let wasm = m.finish();
        let operators = 3 + 950 + 1 + 1; // three i32.const, memory.fill, i32.const, end
        let expected = operators + gas::HEADER_INK + 100 * gas::FILL_INK_PER_BYTE;
        assert_eq!(run(&wasm, 1_000_000), Some(1_000_000 - expected));
    }
}
