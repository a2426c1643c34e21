fn main() {
    std::process::exit(jardins_cli::main())
}
