//! Writes the demo community to `events/demo.jsonl`, one event per line as `import` reads it:
//! `cargo run -p jardins-generate --example write-demo`. `tests/demo_stream.rs` checks that the
//! file is exactly what `jardins_generate::demo()` gives.

use std::path::Path;

fn main() -> std::io::Result<()> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../events/demo.jsonl");
    let mut text = String::new();
    for event in jardins_generate::demo() {
        text.push_str(&jardins_store::json::event_line(&event));
        text.push('\n');
    }
    std::fs::write(&path, text)?;
    println!("wrote {}", path.display());
    Ok(())
}
