//! Placeholder until the py binding issue lands.
