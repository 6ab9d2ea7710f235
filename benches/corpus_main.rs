//! `cargo run --release --example corpus -- DIR N`: writes and commits a
//! generated roadmap repository of N proposals into DIR.
//! `cargo run --release --example corpus -- DIR N --history COMMITS`: a
//! repository whose history brings N proposals through their lifecycle
//! over COMMITS dated commits spanning two years (for `report --history`).

#[path = "corpus.rs"]
mod corpus;

fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(dir), Some(n)) = (args.next(), args.next().and_then(|n| n.parse().ok())) else {
        eprintln!("usage: corpus DIR N [--history COMMITS]");
        std::process::exit(2);
    };
    let dir = std::path::PathBuf::from(dir);
    if args.next().as_deref() == Some("--history") {
        let commits = args.next().and_then(|c| c.parse().ok()).unwrap_or(5_000);
        match corpus::write_history_repo(&dir, n, commits) {
            Ok(commits) => println!("wrote {commits} commits of {n} proposals into {}", dir.display()),
            Err(e) => {
                eprintln!("error: {e}");
                std::process::exit(1);
            }
        }
        return;
    }
    match corpus::write_repo(&dir, n) {
        Ok(files) => println!("wrote {files} files into {}", dir.display()),
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
    }
}
