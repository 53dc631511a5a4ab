//! The API of the code this crate generates in its build script, locked.
//!
//! The generated code lives in `OUT_DIR`, so a spec update never shows in
//! this crate's pull requests; the API listing the generator writes beside
//! it (`api.txt`: one line per item, field, variant, constructor and
//! parameter) does, through this snapshot. When the spec or the generator
//! changes the API, this test fails and `cargo insta review` shows which
//! lines changed; accepting them puts the change in the pull request, in
//! `tests/snapshots/api__generated_api.snap`.

#[test]
fn generated_api() {
    insta::assert_snapshot!(include_str!(concat!(env!("OUT_DIR"), "/api.txt")));
}
