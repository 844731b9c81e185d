fn main() {
    // Lets `cargo test` binaries find the same libpython that pyo3 was
    // configured with (pyenv's), not the system one.
    pyo3_build_config::add_libpython_rpath_link_args();
}
