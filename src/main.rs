/// mimalloc: a check allocates millions of small values on several threads
/// and frees them at once; against the system allocator it cut a
/// 10,000-document run by a quarter (the README's Performance section).
/// Built without transparent huge pages, which would hold a fifth more
/// memory at the peak of a large run.
///
/// Wrapped to bound what one custom policy evaluation may allocate
/// (`limits.max_policy_bytes`, see `roadlint::memory`).
#[global_allocator]
static ALLOCATOR: roadlint::memory::Bounded<mimalloc::MiMalloc> = roadlint::memory::Bounded(mimalloc::MiMalloc);

fn main() {
    std::process::exit(roadlint::cli::main());
}
