// Many small allocations (identifiers, postings, decoded events): mimalloc serves them several
// times faster than the system allocator (BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(jardins_cli::main())
}
