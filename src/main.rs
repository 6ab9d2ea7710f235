/// mimalloc: a check allocates millions of small values on several threads
/// and frees them at once; against the system allocator it cut a
/// 10,000-document run by a quarter (the README's Performance section).
/// Built without transparent huge pages, which would hold a fifth more
/// memory at the peak of a large run.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(roadlint::cli::main());
}
