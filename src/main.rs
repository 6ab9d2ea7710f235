fn main() {
    std::process::exit(roadlint::cli::main());
}
