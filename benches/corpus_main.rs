//! `cargo run --release --example corpus -- DIR N`: writes and commits a
//! generated roadmap repository of N proposals into DIR.

#[path = "corpus.rs"]
mod corpus;

fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(dir), Some(n)) = (args.next(), args.next().and_then(|n| n.parse().ok())) else {
        eprintln!("usage: corpus DIR N");
        std::process::exit(2);
    };
    let dir = std::path::PathBuf::from(dir);
    match corpus::write_repo(&dir, n) {
        Ok(files) => println!("wrote {files} files into {}", dir.display()),
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
    }
}
