//! Generates every spec in `specs/` into one output, as specs generated
//! together (they share their SID types), each module behind a feature of
//! its name, and keeps the generator's warnings in `OUT_DIR/warnings.txt`
//! for the tests to read.

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let specs = [
        ("filters.yaml", "filters"),
        ("sid_forms.yaml", "sid_forms"),
        ("shared_a.yaml", "shared_a"),
        ("shared_b.yaml", "shared_b"),
        ("shared_c.yaml", "shared_c"),
        ("names.yaml", "names"),
        ("no_sids.yaml", "no_sids"),
        ("hostile_text.yaml", "hostile_text"),
        ("json_text.json", "json_text"),
        ("pages_2010.yaml", "pages_2010"),
        ("shapes.yaml", "shapes"),
        ("edges.yaml", "edges"),
        ("responses.yaml", "responses"),
    ];
    // Each module behind the feature of its name (Cargo.toml declares them,
    // all on by default): CI also builds the crate with one of them alone.
    let mut builder = twilio_codegen::Builder::new()
        .emit_cargo_warnings(false)
        .module_features(true)
        .replay(twilio_codegen::Replay::On);
    for (file, module) in specs {
        builder = builder.spec(format!("specs/{file}")).module(module);
    }
    let generated = builder.generate()?;
    generated.write_to_out_dir()?;
    let out = std::path::PathBuf::from(std::env::var("OUT_DIR")?);
    let warnings: Vec<String> = generated
        .warnings()
        .iter()
        .map(ToString::to_string)
        .collect();
    std::fs::write(out.join("warnings.txt"), warnings.join("\n"))?;
    Ok(())
}
